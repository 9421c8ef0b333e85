import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// GET/PUT /api/admin/settings: admins only, every section validated before anything is written,
// a used stage cannot be removed, a rename keeps the key, and every change is audited.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let sales: string;
let manager: string;

type Stage = { key: string; names: { zh: string; en: string | null }; kind: string; aliases?: string[] };

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  sales = await app.login('lei', 'sales', ['east']);
  manager = await app.login('boss', 'manager', ['east']);
  for (const [name, stage] of [['甲', '意向'], ['乙', '意向'], ['丙', '成交']]) {
    expect((await app.request('POST', '/api/customers', { token: sales, body: { name, stage } })).status).toBe(201);
  }
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const get = (token = admin) => app.request('GET', '/api/admin/settings', { token });
const put = (body: unknown, token = admin) => app.request('PUT', '/api/admin/settings', { token, body });
const rawTenant = async () => JSON.stringify(await Tenant.findById(app.service.deps.defaultTenantId).lean());
const withoutKeys = (stages: Stage[]) => stages.map(({ aliases: _aliases, ...s }) => s);

describe('GET /api/admin/settings', () => {
  test('shows the defaults with stable keys, kinds and how many customers sit in each stage', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(withoutKeys(res.body.stages)).toEqual([
      { key: 'lead', names: { zh: '潜在', en: null }, kind: 'open' },
      { key: 'intent', names: { zh: '意向', en: null }, kind: 'open' },
      { key: 'negotiating', names: { zh: '谈判', en: null }, kind: 'open' },
      { key: 'won', names: { zh: '成交', en: null }, kind: 'won' },
      { key: 'lost', names: { zh: '流失', en: null }, kind: 'lost' },
    ]);
    expect(res.body).toMatchObject({
      numbering: { customers: 'C{seq:5}', contracts: 'HT-{yyyy}-{seq:4}', tickets: 'T-{seq:4}' },
      timezone: 'Asia/Shanghai',
      workingHours: { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      digestDefaults: { daily: { time: '18:05' }, weekly: { weekdays: [1] }, morning: { time: '09:05' } },
      stageUsage: { intent: 2, won: 1 },
    });
  });

  test('is for admins only', async () => {
    expect((await get(sales)).status).toBe(403);
    expect((await get(manager)).status).toBe(403);
    expect((await put({ levels: ['A'] }, manager)).status).toBe(403);
    expect((await app.request('GET', '/api/admin/settings')).status).toBe(401);
  });
});

describe('PUT /api/admin/settings', () => {
  test('renaming a stage changes only its names: customers keep the key, the change is audited with before and after', async () => {
    const stages: Stage[] = (await get()).body.stages;
    stages[1]!.names = { zh: '有意向', en: 'Interested' };
    const res = await put({ stages, levels: ['VIP', '普通'], contactCycles: [{ level: 'VIP', days: 7 }], sources: ['官网', '展会'], tagGroups: [{ name: '行业', tags: ['制造', '零售'] }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stages[1]).toMatchObject({ key: 'intent', names: { zh: '有意向', en: 'Interested' }, kind: 'open' });
    expect(res.body).toMatchObject({ levels: ['VIP', '普通'], contactCycles: [{ level: 'VIP', days: 7 }], tagGroups: [{ name: '行业', tags: ['制造', '零售'] }], stageUsage: { intent: 2 } });
    expect(await Customer.countDocuments({ stage: 'intent' })).toBe(2);
    // The old aliases still find the stage; the new name does too.
    const me = await app.request('GET', '/api/me', { token: sales });
    expect(me.body.tenant.stages[1]).toMatchObject({ key: 'intent', name: '有意向' });

    const entry = await AuditLog.findOne({ action: 'settings.update' }).sort({ at: -1 }).lean();
    expect(entry).toMatchObject({ entity: 'tenant', actorName: 'root' });
    const before = entry!.before as { stages: Stage[]; levels: string[] };
    const after = entry!.after as { stages: Stage[]; levels: string[] };
    expect(before.stages[1]!.names.zh).toBe('意向');
    expect(after.stages[1]!.names.zh).toBe('有意向');
    expect(after.levels).toEqual(['VIP', '普通']);
    expect(Object.keys(after).sort()).toEqual(['contactCycles', 'levels', 'sources', 'stages', 'tagGroups']);
  });

  test('bad input is refused with the field named, and nothing is written', async () => {
    const stages: Stage[] = (await get()).body.stages;
    const snapshot = await rawTenant();
    const audits = await AuditLog.countDocuments({ action: 'settings.update' });
    const cases: [unknown, RegExp][] = [
      [{ levels: ['A'], timezone: 'Mars/Olympus' }, /timezone: must be an IANA time zone/],
      [{ numbering: { customers: 'C-{seq:5}-{seq}' } }, /numbering\.customers: must contain \{seq\} or \{seq:N\} exactly once/],
      [{ numbering: { tickets: 'T-{day}-{seq}' } }, /numbering\.tickets: unknown placeholder/],
      [{ stages: stages.map((s) => (s.key === 'lost' ? { ...s, kind: 'open' } : s)) }, /needs at least one lost stage/],
      [{ stages: stages.map((s) => (s.key === 'lead' ? { ...s, names: { zh: '成交', en: null } } : s)) }, /stages\.3\.names\.zh: "成交" is already used by stage 1/],
      [{ stages: [{ ...stages[0], key: 'Bad Key' }, ...stages.slice(1)] }, /stages\.0\.key: lower-case letters/],
      [{ workingHours: { weekdays: [1, 2], start: '18:00', end: '09:00' } }, /workingHours\.end: must be after start/],
      [{ contactCycles: [{ level: '钻石', days: 30 }] }, /contactCycles\.0\.level: level "钻石" is not one of the levels/],
      [{ contactCycles: [{ level: 'VIP', days: 0 }] }, /contactCycles\.0\.days/],
      [{ levels: ['A', 'a'] }, /levels\.1: "a" is listed twice/],
      [{ digestDefaults: { weekly: { time: '09:05', weekdays: [1, 5] } } }, /digestDefaults\.weekly\.weekdays: a weekly digest runs on exactly one weekday/],
      [{ colour: 'blue' }, /unrecognized key/i],
    ];
    for (const [body, message] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    // Levels dropped under their contact cycle: the cycle would point nowhere.
    const orphan = await put({ levels: ['普通'] });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.message).toMatch(/levels: level "VIP" is not one of the levels/);
    expect(await rawTenant()).toBe(snapshot);
    expect(await AuditLog.countDocuments({ action: 'settings.update' })).toBe(audits);
  });

  test('removing a stage still used by customers is a 409 with the count; an unused one can go', async () => {
    const stages: Stage[] = (await get()).body.stages;
    const snapshot = await rawTenant();
    const used = await put({ stages: stages.filter((s) => s.key !== 'intent'), sources: ['不写入'] });
    expect(used.status).toBe(409);
    expect(used.body.error.message).toMatch(/"有意向" \(intent\), still used by 2 customers/);
    expect(used.body.error.details).toMatchObject({ field: 'stages', count: 2, stages: [{ key: 'intent', count: 2 }] });
    expect(await rawTenant()).toBe(snapshot);

    const unused = await put({ stages: stages.filter((s) => s.key !== 'negotiating') });
    expect(unused.status).toBe(200);
    expect(unused.body.stages.map((s: Stage) => s.key)).toEqual(['lead', 'intent', 'won', 'lost']);
  });

  test('a new stage, reordering, formats, zone, working hours and digest defaults are stored', async () => {
    const stages: Stage[] = (await get()).body.stages;
    const [lead, intent, won, lost] = stages;
    const res = await put({
      stages: [intent, lead, { key: 'trial', names: { zh: '试用', en: 'Trial' }, kind: 'open' }, won, lost],
      numbering: { customers: 'KH{yy}{seq:4}', contracts: 'CT-{yyyy}{mm}-{seq:3}', tickets: 'GD{seq:5}' },
      timezone: 'Europe/Berlin',
      workingHours: { weekdays: [5, 1, 2, 3, 4, 1], start: '08:30', end: '17:30' },
      digestDefaults: { daily: { time: '17:35', weekdays: [1, 2, 3, 4, 5] } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stages.map((s: Stage) => s.key)).toEqual(['intent', 'lead', 'trial', 'won', 'lost']);
    expect(res.body).toMatchObject({
      numbering: { customers: 'KH{yy}{seq:4}', contracts: 'CT-{yyyy}{mm}-{seq:3}', tickets: 'GD{seq:5}' },
      timezone: 'Europe/Berlin',
      workingHours: { weekdays: [1, 2, 3, 4, 5], start: '08:30', end: '17:30' },
      digestDefaults: { daily: { time: '17:35', weekdays: [1, 2, 3, 4, 5] }, weekly: { time: '09:05', weekdays: [1] } },
    });
    const tenant = await Tenant.findById(app.service.deps.defaultTenantId).lean();
    expect(tenant).toMatchObject({ timezone: 'Europe/Berlin', sales: { contractNumberFormat: 'CT-{yyyy}{mm}-{seq:3}' } });
    // The sales settings read the same contract format.
    expect((await app.request('GET', '/api/sales-settings', { token: admin })).body).toMatchObject({ contractNumberFormat: 'CT-{yyyy}{mm}-{seq:3}' });
  });
});
