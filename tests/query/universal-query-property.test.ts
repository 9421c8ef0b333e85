import fc from 'fast-check';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { OPERATORS_BY_KIND, STANDARD_QUERY_FIELDS, type QueryFieldKind } from '../../src/crm/query/customer-query-fields.js';
import { defineCustomFields } from '../support/define-custom-fields.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { evaluate, plain, type Cond, type Doc, type FieldInfo, type Group } from './evaluate-filter-in-memory.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const tokens: Record<string, string> = {};
const staffIds: Record<string, Types.ObjectId> = {};
const departments = new Map<string, string[]>();
let docs: Doc[] = [];

// Small pools, so random filters and random data meet often.
const NAMES = ['Alice', 'alice b', 'ALI', '张三', '张三丰', 'Bob', 'a.c*', '(x)'];
const TEXTS = ['', 'Ab', 'ab', '青', '青山', 'x.y', 'Bz'];
const TAGS = ['vip', 'new', '老客户'];
const STAGES = ['lead', 'intent', 'negotiating', 'won', 'lost'];
const LEVELS = ['A', 'B', ''];
const PHONES = ['13800138000', '13900139000', '02112345678'];
const DATES = ['2026-01-01', '2026-01-15', '2026-02-01', '2026-03-10'];
const INSTANTS = ['2026-01-01T00:00:00Z', '2026-01-10T08:00:00+08:00', '2026-02-01T00:00:00Z', '2026-03-01T12:00:00Z'];
const SINGLE = ['a', 'b', 'c'];
const MULTI = ['x', 'y', 'z'];
const NUMBERS = [-1, 0, 2.5, 7, 100];
const DEPARTMENTS = ['east', 'west', 'north'];
const PEOPLE = ['rita', 'sam', 'mia'] as const;

const CUSTOM: Record<string, FieldInfo> = {
  'custom.c_single': { path: 'customFields.c_single', kind: 'option' },
  'custom.c_multi': { path: 'customFields.c_multi', kind: 'options', array: true },
  'custom.c_text': { path: 'customFields.c_text', kind: 'text' },
  'custom.c_num': { path: 'customFields.c_num', kind: 'number' },
  'custom.c_date': { path: 'customFields.c_date', kind: 'date' },
  'custom.c_bool': { path: 'customFields.c_bool', kind: 'boolean' },
  'custom.c_phone': { path: 'customFields.c_phone', kind: 'phone' },
};
const fieldInfo = (field: string): FieldInfo => CUSTOM[field] ?? STANDARD_QUERY_FIELDS[field]!;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  tokens.admin = await app.login('root', 'admin');
  tokens.rita = await app.login('rita', 'sales', ['east']);
  tokens.sam = await app.login('sam', 'sales', ['west']);
  tokens.mia = await app.login('mia', 'manager', ['east']);
  for (const person of [...PEOPLE, 'root']) {
    const staff = (await Staff.findOne({ userId: person }).lean())!;
    staffIds[person] = staff._id;
    departments.set(staff._id.toHexString(), staff.departments ?? []);
  }
  await defineCustomFields(app, tokens.admin!, {
    c_single: { type: 'single', options: SINGLE }, c_multi: { type: 'multi', options: MULTI }, c_text: 'text', c_num: 'number',
    c_date: 'date', c_bool: 'boolean', c_phone: 'phone',
  });
  const { tenantId } = (await Staff.findById(staffIds.root).lean())!;
  docs = fc.sample(customerArbitrary(tenantId), { numRuns: 90, seed: 16 }).map((d, i) => ({ ...d, code: `C${String(i).padStart(5, '0')}` }));
  // Another tenant's customers match every filter but must never come back.
  const strangers = fc.sample(customerArbitrary(new Types.ObjectId()), { numRuns: 5, seed: 17 }).map((d, i) => ({ ...d, code: `X${i}` }));
  await Customer.collection.insertMany([...docs, ...strangers].map((d) => ({ ...d })));
}, 60_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

function customerArbitrary(tenantId: Types.ObjectId): fc.Arbitrary<Doc> {
  return fc
    .record({
      name: fc.constantFrom(...NAMES),
      company: optional(fc.constantFrom(...TEXTS)),
      source: optional(fc.constantFrom(...TEXTS)),
      level: optional(fc.constantFrom(...LEVELS)),
      stage: fc.constantFrom(...STAGES),
      tags: fc.subarray(TAGS),
      phones: fc.subarray(PHONES),
      owner: fc.constantFrom(...PEOPLE),
      collaborators: fc.subarray([...PEOPLE]),
      contactCycleDays: optional(fc.constantFrom(7, 14, 30)),
      needsTransfer: fc.boolean(),
      createdAt: fc.date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2026-04-01T00:00:00Z'), noInvalidDate: true }),
      lastContactAt: optional(fc.constantFrom(...INSTANTS).map((s) => new Date(s))),
      deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      custom: fc.record(
        {
          c_single: fc.constantFrom(...SINGLE),
          c_multi: fc.subarray(MULTI),
          c_text: fc.constantFrom(...TEXTS),
          c_num: fc.constantFrom(...NUMBERS),
          c_date: fc.constantFrom(...DATES),
          c_bool: fc.boolean(),
          c_phone: fc.constantFrom(...PHONES),
        },
        { requiredKeys: [] },
      ),
    })
    .map((r) => {
      const doc: Doc = {
        _id: new Types.ObjectId(), tenantId, name: r.name, searchText: r.name.toLowerCase(), stage: r.stage, tags: r.tags, phones: r.phones,
        ownerId: staffIds[r.owner], collaboratorIds: r.collaborators.map((p) => staffIds[p]), needsTransfer: r.needsTransfer,
        createdAt: r.createdAt, updatedAt: r.createdAt, customFields: r.custom, deletedAt: r.deleted ? new Date() : null, mergedInto: null,
      };
      for (const [key, value] of Object.entries({ company: r.company, source: r.source, level: r.level, contactCycleDays: r.contactCycleDays, lastContactAt: r.lastContactAt })) {
        if (value !== undefined) doc[key] = value;
      }
      return doc;
    });
}

/** Random values that fit each field, drawn from the data's pools (plus a few misses). */
const VALUES: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.constantFrom(...NAMES, 'ali', '三', 'nobody'),
  company: fc.constantFrom(...TEXTS),
  source: fc.constantFrom(...TEXTS),
  level: fc.constantFrom(...LEVELS),
  stage: fc.constantFrom(...STAGES),
  tags: fc.constantFrom(...TAGS, 'other'),
  phones: fc.constantFrom(...PHONES, '138', '0021'),
  ownerId: fc.constantFrom(...PEOPLE).map((p) => staffIds[p]!.toHexString()),
  department: fc.constantFrom(...DEPARTMENTS),
  contactCycleDays: fc.constantFrom(7, 10, 14, 30),
  needsTransfer: fc.boolean(),
  createdAt: fc.date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2026-04-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  lastContactAt: fc.constantFrom(...INSTANTS),
  'custom.c_single': fc.constantFrom(...SINGLE),
  'custom.c_multi': fc.constantFrom(...MULTI),
  'custom.c_text': fc.constantFrom(...TEXTS, 'b'),
  'custom.c_num': fc.constantFrom(...NUMBERS, 3),
  'custom.c_date': fc.constantFrom(...DATES, '2026-01-20'),
  'custom.c_bool': fc.boolean(),
  'custom.c_phone': fc.constantFrom(...PHONES, '139'),
};

const conditionArbitrary: fc.Arbitrary<Cond> = fc.constantFrom(...Object.keys(VALUES)).chain((field) => {
  const values = VALUES[field]!;
  return fc.constantFrom(...OPERATORS_BY_KIND[fieldInfo(field).kind as QueryFieldKind]).chain((operator): fc.Arbitrary<Cond> => {
    if (operator === 'exists' || operator === 'empty') return fc.boolean().map((value) => ({ field, operator, value }));
    if (operator === 'in' || operator === 'nin') return fc.array(values, { minLength: 1, maxLength: 3 }).map((value) => ({ field, operator, value }));
    if (operator === 'between') {
      return fc.tuple(values, values).map(([a, b]) => ({ field, operator, value: (plain(a) as number) <= (plain(b) as number) ? [a, b] : [b, a] }));
    }
    return values.map((value) => ({ field, operator, value }));
  });
});

const filterArbitrary: fc.Arbitrary<Group> = fc.letrec<{ group: Group; item: Cond | Group }>((tie) => ({
  group: fc.record({ op: fc.constantFrom('and' as const, 'or' as const), conditions: fc.array(tie('item'), { maxLength: 4 }) }),
  item: fc.oneof({ maxDepth: 3, depthIdentifier: 'filter', withCrossShrink: true }, conditionArbitrary, tie('group')),
})).group;

/** The API's meaning of a filter's values, for the in-memory side: instants as Dates. */
function materialize(filter: Group | Cond): Group | Cond {
  if ('op' in filter) return { op: filter.op, conditions: filter.conditions.map(materialize) };
  if (fieldInfo(filter.field).kind !== 'instant' || typeof filter.value === 'boolean') return filter;
  const toDate = (v: unknown) => new Date(v as string);
  return { ...filter, value: Array.isArray(filter.value) ? filter.value.map(toDate) : toDate(filter.value) };
}

function inScope(doc: Doc, who: string): boolean {
  if (doc.deletedAt !== null) return false;
  const owner = (doc.ownerId as Types.ObjectId).toHexString();
  const collaborators = (doc.collaboratorIds as Types.ObjectId[]).map((id) => id.toHexString());
  if (who === 'admin') return true;
  const me = staffIds[who]!.toHexString();
  if (owner === me || collaborators.includes(me)) return true;
  return who === 'mia' && (departments.get(owner) ?? []).includes('east');
}

describe('the universal query agrees with an in-memory evaluation of the same filter', () => {
  test('random customers, random filters (AND/OR groups, custom fields), every role', async () => {
    expect(docs.length).toBe(90);
    // Guards the test itself: most filters should select some customers but not all of them.
    let discriminating = 0;
    await fc.assert(
      fc.asyncProperty(filterArbitrary, fc.constantFrom('admin', 'rita', 'sam', 'mia'), async (filter, who) => {
        const res = await app.request('POST', '/api/customers/query', {
          token: tokens[who]!,
          body: { filter, sort: { field: 'createdAt', dir: 'asc' }, page: { size: 100 } },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const meaning = materialize(filter);
        const expected = docs
          .filter((d) => inScope(d, who) && evaluate(d, meaning, fieldInfo, (owner) => departments.get(owner) ?? []))
          .sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime())
          .map((d) => (d._id as Types.ObjectId).toHexString());
        expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(expected);
        expect(res.body.total).toBe(expected.length);
        if (expected.length > 0 && expected.length < docs.filter((d) => inScope(d, who)).length) discriminating += 1;
      }),
      { numRuns: 150, seed: 1616 },
    );
    expect(discriminating).toBeGreaterThan(50);
  }, 300_000);
});
