import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Staff } from '../../src/crm/models/staff.js';
import { defineCustomFields } from '../support/define-custom-fields.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let rita: string;
let sam: string;
let samId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  rita = await app.login('rita', 'sales', ['east']);
  sam = await app.login('sam', 'sales', ['west']);
  samId = String((await Staff.findOne({ userId: 'sam' }).lean())!._id);
  await defineCustomFields(app, admin, { budget: 'number', note: 'text', region: { type: 'single', options: ['north', 'south'] } });
  const make = async (token: string, key: string, body: Record<string, unknown>) => {
    const res = await app.request('POST', '/api/customers', { token, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[key] = res.body.id;
  };
  await make(rita, 'dotStar', { name: '.*', customFields: { note: '$ne', budget: 1 } });
  await make(rita, 'plain', { name: 'Plain', tags: ['vip'], customFields: { note: 'hello', region: 'north', budget: 5 } });
  await make(rita, 'dollar', { name: '$where', customFields: { note: '{"$gt":""}' } });
  await make(sam, 'samVip', { name: 'Sam 的客户', tags: ['vip'], customFields: { note: 'hello', region: 'north', budget: 9 } });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const query = (token: string, body: unknown) => app.request('POST', '/api/customers/query', { token, body });
const namesOf = (res: { body: { items: { name: string }[] } }) => res.body.items.map((c) => c.name).sort();
const cond = (field: string, operator: string, value?: unknown) => ({ filter: { op: 'and', conditions: [{ field, operator, value }] } });

const OPERATOR_VALUES: unknown[] = [
  { $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, { $regex: '.*' }, { $exists: true }, ['$gt'], { toString: 'x' }, { __proto__: { $gt: '' } },
];

describe('no user input becomes an operator or a path', () => {
  const FIELDS_AND_OPERATORS: [string, string, (v: unknown) => unknown][] = [
    ['name', 'eq', (v) => v], ['name', 'contains', (v) => v], ['name', 'in', (v) => [v]], ['name', 'nin', (v) => ['a', v]],
    ['stage', 'eq', (v) => v], ['tags', 'in', (v) => [v]], ['phones', 'contains', (v) => v], ['ownerId', 'eq', (v) => v],
    ['department', 'in', (v) => [v]], ['createdAt', 'gt', (v) => v], ['createdAt', 'between', (v) => ['2026-01-01T00:00:00Z', v]],
    ['needsTransfer', 'eq', (v) => v], ['custom.budget', 'gte', (v) => v], ['custom.budget', 'between', (v) => [v, 3]],
    ['custom.note', 'eq', (v) => v], ['custom.region', 'nin', (v) => [v]], ['name', 'exists', (v) => v], ['custom.note', 'empty', (v) => v],
  ];
  test.each(FIELDS_AND_OPERATORS)('%s %s: an operator object in any value position is a 400 naming it', async (field, operator, place) => {
    for (const injected of OPERATOR_VALUES) {
      const res = await query(admin, { filter: { op: 'or', conditions: [{ field: 'name', operator: 'eq', value: 'Plain' }, { field, operator, value: place(injected) }] } });
      expect(res.status, `${JSON.stringify(injected)} → ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.message).toContain('filter.conditions.1.value');
    }
  });

  test('strings that look like operators or patterns are matched literally', async () => {
    expect(namesOf(await query(admin, cond('name', 'contains', '.*')))).toEqual(['.*']);
    expect(namesOf(await query(admin, cond('name', 'eq', '$where')))).toEqual(['$where']);
    expect(namesOf(await query(admin, cond('name', 'in', ['$where', '.*'])))).toEqual(['$where', '.*'].sort());
    expect(namesOf(await query(admin, cond('custom.note', 'eq', '$ne')))).toEqual(['.*']);
    expect(namesOf(await query(admin, cond('custom.note', 'eq', '{"$gt":""}')))).toEqual(['$where']);
    expect(namesOf(await query(admin, cond('name', 'contains', '^')))).toEqual([]);
    expect(namesOf(await query(admin, cond('custom.note', 'contains', '$')))).toEqual(['$where', '.*'].sort());
  });

  test.each([
    ['$where'], ['customFields.note'], ['name.$'], ['__proto__'], ['constructor'], ['toString'], ['custom.__proto__'],
    ['custom.constructor'], ['custom.$gt'], ['custom.note.x'], ['custom.'], ['tenantId'], ['deletedAt'], ['_id'],
  ])('field %s is refused (400 naming the field)', async (field) => {
    const res = await query(admin, cond(field, 'eq', 'x'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('filter.conditions.0.field');
  });

  test('operators, group ops and extra keys outside the vocabulary are refused', async () => {
    for (const body of [
      cond('name', '$where', 'x'),
      cond('name', 'regex', 'x'),
      cond('name', 'gt', 'x'),
      cond('custom.budget', 'contains', '1'),
      { filter: { op: '$or', conditions: [] } },
      { filter: { op: 'and', conditions: [{ field: 'name', operator: 'eq', value: 'x', $where: '1' }] } },
      { filter: { op: 'and', conditions: [], $where: '1' } },
      { filter: { $or: [{ name: 'x' }] } },
      { filter: { op: 'and', conditions: [] }, sort: { field: '$where' } },
      { filter: { op: 'and', conditions: [] }, sort: { field: 'customFields.note' } },
      { filter: { op: 'and', conditions: [] }, page: { size: { $gt: 0 } } },
      cond('stage', 'eq', 'nonsense'),
      cond('custom.region', 'eq', 'west'),
      cond('custom.budget', 'eq', '5'),
      cond('createdAt', 'gt', 'yesterday'),
      cond('ownerId', 'eq', 'abc'),
    ]) {
      const res = await query(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
  });

  test('?filter=<json> on the list and on the export: same filter, same refusals', async () => {
    const filter = encodeURIComponent(JSON.stringify({ op: 'and', conditions: [{ field: 'custom.region', operator: 'eq', value: 'north' }] }));
    const list = await app.request('GET', `/api/customers?filter=${filter}`, { token: admin });
    expect(list.status).toBe(200);
    expect(namesOf(list)).toEqual(['Plain', 'Sam 的客户']);
    const csv = await app.request('GET', `/api/exports/customers?format=csv&filter=${filter}`, { token: admin });
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('Plain');
    expect(String(csv.body)).toContain('Sam 的客户');
    expect(String(csv.body)).not.toContain('$where');

    const bad = encodeURIComponent(JSON.stringify({ op: 'and', conditions: [{ field: 'name', operator: 'eq', value: { $ne: null } }] }));
    for (const path of ['/api/customers', '/api/exports/customers']) {
      const refused = await app.request('GET', `${path}?filter=${bad}`, { token: admin });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain('value');
      const notJson = await app.request('GET', `${path}?filter=${encodeURIComponent('{op:')}`, { token: admin });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.message).toContain('filter');
    }
  });
});

describe('scope', () => {
  test("a rep's query never returns another rep's customers, whatever the filter says", async () => {
    const everything = { filter: { op: 'or', conditions: [{ field: 'tags', operator: 'eq', value: 'vip' }, { field: 'ownerId', operator: 'eq', value: samId }, { op: 'and', conditions: [] }] } };
    const asRita = await query(rita, everything);
    expect(asRita.status).toBe(200);
    expect(asRita.body.items.map((c: { id: string }) => c.id).sort()).toEqual([ids.dotStar, ids.plain, ids.dollar].sort());
    expect((await query(rita, cond('ownerId', 'eq', samId))).body.total).toBe(0);
    expect(namesOf(await query(sam, everything))).toEqual(['Sam 的客户']);
    expect((await query(admin, everything)).body.total).toBe(4);

    const filter = encodeURIComponent(JSON.stringify({ op: 'and', conditions: [{ field: 'tags', operator: 'eq', value: 'vip' }] }));
    const csv = await app.request('GET', `/api/exports/customers?format=csv&filter=${filter}`, { token: rita });
    expect(String(csv.body)).toContain('Plain');
    expect(String(csv.body)).not.toContain('Sam 的客户');
  });

  test('paging and sorting by a custom field', async () => {
    const first = await query(admin, { filter: { op: 'and', conditions: [] }, sort: { field: 'custom.budget', dir: 'desc' }, page: { number: 1, size: 2 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 4, page: 1, size: 2 });
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Sam 的客户', 'Plain']);
    const second = await query(admin, { filter: { op: 'and', conditions: [] }, sort: { field: 'custom.budget', dir: 'desc' }, page: { number: 2, size: 2 } });
    expect(second.body.items.map((c: { name: string }) => c.name)).toEqual(['.*', '$where']);
  });
});
