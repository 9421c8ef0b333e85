import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { nightlyAuditRetentionJob } from '../../src/jobs/nightly-audit-retention-job.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The audit log as an admin reads it: filters, pages, export, admins of their own tenant only,
// sign-ins included, no way to change or delete an entry but the retention job.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let sales: string;
let manager: string;
let otherAdmin: string;
let tenantId: Types.ObjectId;
let customerId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  tenantId = app.service.deps.defaultTenantId;
  admin = await app.login('root', 'admin');
  sales = await app.login('lei', 'sales', ['east']);
  manager = await app.login('boss', 'manager', ['east']);
  otherAdmin = await app.login('other-root', 'admin', [], 'other');
  const created = await app.request('POST', '/api/customers', { token: sales, body: { name: '审计客户' } });
  expect(created.status).toBe(201);
  customerId = String((await AuditLog.findOne({ action: 'customer.create' }).lean())!.entityId);
  expect((await app.request('PATCH', `/api/customers/${customerId}`, { token: sales, body: { name: '审计客户二' } })).status).toBe(200);
  // An old entry, at noon of 2020-01-01 in Shanghai.
  await AuditLog.create({ tenantId, actorId: null, actorName: 'system', source: 'job', action: 'legacy.thing', entity: 'legacy', entityId: new Types.ObjectId(), at: new Date('2020-01-01T04:00:00Z') });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const audit = (query: string, token = admin) => app.request('GET', `/api/admin/audit${query}`, { token });

describe('GET /api/admin/audit', () => {
  test('sign-ins are recorded, and the actor filter takes a user id or a staff id', async () => {
    const signIns = await audit('?action=sign_in&limit=200');
    expect(signIns.status).toBe(200);
    expect(signIns.body.items.map((e: { actorName: string }) => e.actorName).sort()).toEqual(['boss', 'lei', 'root']);
    expect(signIns.body.items[0]).toMatchObject({ entity: 'session', after: { method: 'dev' } });

    const byLei = await audit('?actor=lei');
    expect(byLei.body.items.map((e: { action: string }) => e.action)).toEqual(['customer.update', 'customer.create', 'sign_in']);
    const leiId = byLei.body.items[0].actorId as string;
    expect((await audit(`?actor=${leiId}&action=customer.update`)).body).toMatchObject({ total: 1, items: [{ entityId: customerId }] });
    expect((await audit('?actor=nobody')).body.total).toBe(0);
  });

  test('entity, entity id and period filters; before/after are returned for the diff', async () => {
    const customer = await audit(`?entity=customer&entityId=${customerId}`);
    expect(customer.body.total).toBe(2);
    expect(customer.body.items[0]).toMatchObject({ action: 'customer.update', before: { name: '审计客户' }, after: { name: '审计客户二' } });
    const day = await audit('?from=2020-01-01&to=2020-01-01');
    expect(day.body.items.map((e: { action: string }) => e.action)).toEqual(['legacy.thing']);
    expect((await audit('?from=2020-01-02&to=2020-12-31')).body.total).toBe(0);
    expect((await audit('?to=2019-12-31')).body.total).toBe(0);
  });

  test('pages, newest first', async () => {
    const all = await audit('?limit=200');
    const total = all.body.total as number;
    expect(total).toBeGreaterThanOrEqual(6);
    const first = await audit('?limit=2&page=1');
    const second = await audit('?limit=2&page=2');
    expect(first.body).toMatchObject({ total, page: 1, limit: 2 });
    expect([...first.body.items, ...second.body.items].map((e: { id: string }) => e.id)).toEqual(all.body.items.slice(0, 4).map((e: { id: string }) => e.id));
    const ats = all.body.items.map((e: { at: string }) => Date.parse(e.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
  });

  test('bad filters are 400 naming the field', async () => {
    for (const [query, field] of [
      ['?from=2020-13-01', 'from'],
      ['?from=2020-02-01&to=2020-01-01', 'from'],
      ['?limit=0', 'limit'],
      ['?entity=%24where', 'entity'],
      ['?entityId=nope', 'entityId'],
      ['?sort=at', ''],
    ] as const) {
      const res = await audit(query);
      expect(res.status, query).toBe(400);
      if (field) expect(res.body.error.details, query).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    }
  });

  test('admins only, and only their own tenant', async () => {
    expect((await audit('', sales)).status).toBe(403);
    expect((await audit('', manager)).status).toBe(403);
    expect((await app.request('GET', '/api/admin/audit')).status).toBe(401);
    const other = await audit('?limit=200', otherAdmin);
    expect(other.status).toBe(200);
    expect(other.body.items.map((e: { actorName: string; action: string }) => `${e.actorName}:${e.action}`)).toEqual(['other-root:sign_in', 'dev-login:staff.create']);
    expect((await audit(`?entityId=${customerId}`, otherAdmin)).body.total).toBe(0);
  });
});

describe('GET /api/admin/audit/export', () => {
  test('csv with the filters, and the export is itself audited', async () => {
    const res = await fetch(`${app.baseUrl}/api/admin/audit/export?format=csv&entity=customer`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/audit-log-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('操作 Action');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('customer.create');
    expect(lines[2]).toContain('customer.update');
    expect(lines[2]).toContain('审计客户二');
    const exported = await AuditLog.find({ action: 'export', entity: 'audit_export' }).lean();
    expect(exported).toHaveLength(1);
    expect(exported[0]!.after).toMatchObject({ format: 'csv', rows: 2, filters: { entity: 'customer' } });
  });

  test('xlsx; sales are refused before any byte', async () => {
    const res = await fetch(`${app.baseUrl}/api/admin/audit/export?format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    expect((await app.request('GET', '/api/admin/audit/export?format=csv', { token: sales })).status).toBe(403);
    expect((await app.request('GET', '/api/admin/audit/export?format=pdf', { token: admin })).status).toBe(400);
  });
});

describe('append-only, with retention', () => {
  test('no route changes or deletes an entry; the model refuses changes', async () => {
    const [entry] = (await audit('?limit=1')).body.items;
    for (const method of ['DELETE', 'PATCH', 'PUT']) {
      for (const path of ['/api/admin/audit', `/api/admin/audit/${entry.id}`]) {
        expect([404, 405]).toContain((await app.request(method, path, { token: admin })).status);
      }
    }
    await expect(AuditLog.updateOne({ _id: entry.id }, { $set: { action: 'forged' } })).rejects.toThrow(/append-only/);
    await expect(AuditLog.deleteOne({ _id: entry.id })).rejects.toThrow(/append-only/);
    const doc = (await AuditLog.findById(entry.id))!;
    doc.action = 'forged';
    await expect(doc.save()).rejects.toThrow(/append-only/);
    expect((await AuditLog.findById(entry.id).lean())!.action).toBe(entry.action);
  });

  test('the nightly job removes entries past each tenant’s retention, once a night', async () => {
    expect(app.service.deps.jobs.list().map((j) => j.name)).toContain('nightly-audit-retention');
    const other = (await Tenant.findOne({ slug: 'other' }))!;
    await Tenant.updateOne({ _id: other._id }, { $set: { auditRetentionDays: 30 } });
    const now = new Date('2026-06-01T20:00:00Z'); // 04:00 in Shanghai
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const entry = (tenant: Types.ObjectId, at: Date, action: string) => ({ tenantId: tenant, source: 'job', action, entity: 'x', entityId: new Types.ObjectId(), at });
    await AuditLog.create([
      entry(tenantId, daysAgo(40), 'keep.default.40'),
      entry(tenantId, daysAgo(364), 'keep.default.364'),
      entry(tenantId, daysAgo(366), 'drop.default.366'),
      entry(other._id, daysAgo(29), 'keep.other.29'),
      entry(other._id, daysAgo(31), 'drop.other.31'),
    ]);
    const job = nightlyAuditRetentionJob({ timezone: 'Asia/Shanghai' });
    const ctx = (at: Date) => ({ now: at, instanceId: 'test', stillLeader: async () => true });
    expect(await job.run(ctx(new Date('2026-06-01T19:00:00Z')))).toEqual({ status: 'not_due' });
    const ran = (await job.run(ctx(now))) as { status: string; removed: number };
    expect(ran.status).toBe('ran');
    const actions = (await AuditLog.find({}, { action: 1 }).lean()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['keep.default.40', 'keep.default.364', 'keep.other.29']));
    expect(actions).not.toContain('drop.default.366');
    expect(actions).not.toContain('drop.other.31');
    // legacy.thing (2020) is past the default year as well.
    expect(actions).not.toContain('legacy.thing');
    expect(ran.removed).toBe(3);
    expect(await job.run(ctx(new Date(now.getTime() + 60_000)))).toEqual({ status: 'already_ran' });
  });
});
