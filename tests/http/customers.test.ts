import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string; // sales, dept east
let bob: string; // sales, dept west
let carol: string; // manager of east
let admin: string;
let outsider: string; // admin of another tenant

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  carol = await app.login('carol', 'manager', ['east']);
  admin = await app.login('root', 'admin');
  outsider = await app.login('mallory', 'admin', [], 'other-co');
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const create = (token: string, body: Record<string, unknown>) => app.request('POST', '/api/customers', { token, body });

describe('customers CRUD and search', () => {
  test('create, read, update, search by Chinese substring, phone digits, code and tag, then soft delete', async () => {
    const created = await create(alice, { name: '张三', company: '杭州云栖科技有限公司', phones: ['+86 138-0013-8000'], tags: ['VIP'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '张三', stage: 'lead', phones: ['13800138000'], owner: { name: 'alice' } });
    expect(created.body.code).toMatch(/^C\d{5}$/);
    const id = created.body.id;

    expect((await app.request('GET', `/api/customers/${id}`, { token: alice })).body.name).toBe('张三');
    const patched = await app.request('PATCH', `/api/customers/${id}`, { token: alice, body: { level: 'A', email: 'z3@example.cn' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ level: 'A', email: 'z3@example.cn' });

    const q = async (query: string) => (await app.request('GET', `/api/customers?${query}`, { token: alice })).body.items.map((c: { id: string }) => c.id);
    expect(await q(`q=${encodeURIComponent('云栖')}`)).toEqual([id]);
    expect(await q(`q=${encodeURIComponent('0013 8000')}`)).toEqual([id]);
    expect(await q(`q=${created.body.code.toLowerCase()}`)).toEqual([id]);
    expect(await q('tag=VIP')).toEqual([id]);
    expect(await q(`q=${encodeURIComponent('李四')}`)).toEqual([]);

    expect((await app.request('DELETE', `/api/customers/${id}`, { token: alice })).status).toBe(204);
    expect((await app.request('GET', `/api/customers/${id}`, { token: alice })).status).toBe(404);
    expect(await Customer.countDocuments({ _id: id, deletedAt: { $ne: null } })).toBe(1);
  });

  test('cursor pagination walks every record once', async () => {
    const token = await app.login('pager', 'sales', ['north']);
    for (let i = 0; i < 7; i++) await create(token, { name: `分页客户${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await app.request(
        'GET',
        `/api/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      seen.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});

describe('follow-ups and stages', () => {
  test('a follow-up updates lastContactAt and nextFollowUpAt and lands on the timeline', async () => {
    const { body: c } = await create(alice, { name: '李雷' });
    const next = '2026-12-01T02:00:00.000Z';
    const res = await app.request('POST', `/api/customers/${c.id}/follow-ups`, {
      token: alice,
      body: { content: '电话沟通，对报价满意', channel: 'phone', nextFollowUpAt: next },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'follow_up', content: '电话沟通，对报价满意', author: { name: 'alice' } });
    const after = (await app.request('GET', `/api/customers/${c.id}`, { token: alice })).body;
    expect(after.nextFollowUpAt).toBe(next);
    expect(Date.now() - Date.parse(after.lastContactAt)).toBeLessThan(60_000);
    // The answer carries the customer as it now stands, the same view a GET returns.
    expect(res.body.customer).toEqual(after);
    const timeline = (await app.request('GET', `/api/customers/${c.id}/activities`, { token: alice })).body;
    expect(timeline.items.map((a: { type: string }) => a.type)).toEqual(['follow_up', 'created']);
  });

  test('a stage change by alias writes a stage_changed activity; an unknown stage is 400', async () => {
    const { body: c } = await create(alice, { name: '韩梅梅' });
    const moved = await app.request('PATCH', `/api/customers/${c.id}`, { token: alice, body: { stage: '意向' } });
    expect(moved.body.stage).toBe('intent');
    const activity = await Activity.findOne({ customerId: c.id, type: 'stage_changed' }).lean();
    // The customer's dimensions ride along for statistics (none set here).
    expect(activity?.data).toEqual({ from: 'lead', to: 'intent', dims: {} });
    const bad = await app.request('PATCH', `/api/customers/${c.id}`, { token: alice, body: { stage: '火星' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid');
  });

  test('timeline pagination by cursor', async () => {
    const { body: c } = await create(alice, { name: '时间线' });
    for (let i = 0; i < 5; i++) {
      await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: alice, body: { content: `第${i}次`, at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() } });
    }
    const first = (await app.request('GET', `/api/customers/${c.id}/activities?limit=2`, { token: alice })).body;
    const second = (await app.request('GET', `/api/customers/${c.id}/activities?limit=2&cursor=${first.nextCursor}`, { token: alice })).body;
    const all = [...first.items, ...second.items].map((a: { id: string }) => a.id);
    expect(new Set(all).size).toBe(4);
    expect(first.items[0].at > second.items[0].at).toBe(true);
  });
});

describe('data scope', () => {
  test('sales see own and collaborating; managers their departments; admins the tenant; other tenants nothing', async () => {
    const { body: bobs } = await create(bob, { name: '王五（Bob的客户）' });
    const { body: alices } = await create(alice, { name: '赵六（Alice的客户）' });

    expect((await app.request('GET', `/api/customers/${bobs.id}`, { token: alice })).status).toBe(404);
    expect((await app.request('PATCH', `/api/customers/${bobs.id}`, { token: alice, body: { level: 'B' } })).status).toBe(404);
    expect((await app.request('POST', `/api/customers/${bobs.id}/follow-ups`, { token: alice, body: { content: 'x' } })).status).toBe(404);
    expect((await app.request('DELETE', `/api/customers/${bobs.id}`, { token: alice })).status).toBe(404);
    expect((await app.request('GET', `/api/customers?q=${encodeURIComponent('王五')}`, { token: alice })).body.items).toEqual([]);

    expect((await app.request('GET', `/api/customers/${alices.id}`, { token: carol })).status).toBe(200);
    expect((await app.request('GET', `/api/customers/${bobs.id}`, { token: carol })).status).toBe(404);
    expect((await app.request('GET', `/api/customers/${bobs.id}`, { token: admin })).status).toBe(200);
    expect((await app.request('GET', `/api/customers/${alices.id}`, { token: outsider })).status).toBe(404);
    expect((await app.request('GET', '/api/customers', { token: outsider })).body.items).toEqual([]);

    // A collaborator sees the record; a salesperson cannot reassign; a manager can, within their departments
    // (bob is in another one: only an admin hands him east's customers — see permission-matrix.test.ts).
    const bobId = (await app.request('GET', '/api/me', { token: bob })).body.staff.id;
    const carolId = (await app.request('GET', '/api/me', { token: carol })).body.staff.id;
    expect((await app.request('PATCH', `/api/customers/${alices.id}`, { token: alice, body: { collaboratorIds: [bobId] } })).status).toBe(200);
    expect((await app.request('GET', `/api/customers/${alices.id}`, { token: bob })).status).toBe(200);
    expect((await app.request('PATCH', `/api/customers/${alices.id}`, { token: alice, body: { ownerId: bobId } })).status).toBe(403);
    expect((await app.request('PATCH', `/api/customers/${alices.id}`, { token: carol, body: { ownerId: bobId } })).status).toBe(403);
    const reassigned = await app.request('PATCH', `/api/customers/${alices.id}`, { token: carol, body: { ownerId: carolId } });
    expect(reassigned.body.owner.name).toBe('carol');
    expect(await Activity.countDocuments({ customerId: alices.id, type: 'owner_changed' })).toBe(1);
  });
});

describe('authentication', () => {
  test('tampered, expired, wrong-audience and missing tokens are 401', async () => {
    const [h, p, s] = alice.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '0'.repeat(24) })).toString('base64url')}.${s}`;
    const expired = jwt.sign({ tid: payload.tid }, TEST_JWT_SECRET, { subject: payload.sub, issuer: 'chatcrm', audience: 'chatcrm-api', expiresIn: -10 });
    const wrongAudience = jwt.sign({ tid: payload.tid }, TEST_JWT_SECRET, { subject: payload.sub, issuer: 'chatcrm', audience: 'someone-else', expiresIn: 60 });
    const wrongSecret = jwt.sign({ tid: payload.tid }, 'x'.repeat(40), { subject: payload.sub, issuer: 'chatcrm', audience: 'chatcrm-api', expiresIn: 60 });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    for (const token of [tampered, expired, wrongAudience, wrongSecret, none]) {
      const res = await app.request('GET', '/api/customers', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await app.request('GET', '/api/customers')).status).toBe(401);
  });

  test('dev login is 404 unless ALLOW_DEV_LOGIN=1', async () => {
    const closed = await startTestApp({ env: { ALLOW_DEV_LOGIN: '0' } });
    try {
      expect((await closed.request('POST', '/api/auth/dev', { body: { userId: 'x', role: 'admin' } })).status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});

describe('bad input changes nothing', () => {
  test.each([
    ['missing name', { company: 'x' }],
    ['empty name', { name: '  ' }],
    ['unknown field', { name: 'ok', hacker: true }],
    ['operator injection', { name: { $gt: '' } }],
    ['operator in array', { name: 'ok', tags: [{ $ne: null }] }],
    ['bad email', { name: 'ok', email: 'nope' }],
    ['bad phone', { name: 'ok', phones: ['call me'] }],
    ['bad owner id', { name: 'ok', ownerId: 'abc' }],
    ['custom field with $', { name: 'ok', customFields: { $where: '1' } }],
  ])('%s → 400, nothing written', async (_label, body) => {
    const before = await Customer.countDocuments();
    const audits = await AuditLog.countDocuments();
    const res = await create(alice, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid');
    expect(await Customer.countDocuments()).toBe(before);
    expect(await AuditLog.countDocuments()).toBe(audits);
  });

  test('malformed JSON, wrong content type, oversized bodies, injected queries and bad ids', async () => {
    const before = await Customer.countDocuments();
    const malformed = await app.request('POST', '/api/customers', { token: alice, rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const wrongType = await app.request('POST', '/api/customers', { token: alice, rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.status).toBe(400);
    const huge = await create(alice, { name: 'x', company: 'y'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const injectedQuery = await app.request('GET', '/api/customers?q[$gt]=', { token: alice });
    expect(injectedQuery.status).toBe(400);
    const repeated = await app.request('GET', '/api/customers?q=a&q=b', { token: alice });
    expect(repeated.status).toBe(400);
    expect((await app.request('GET', '/api/customers/not-an-id', { token: alice })).status).toBe(404);
    expect((await app.request('PATCH', '/api/customers/not-an-id', { token: alice, body: { name: 'x' } })).status).toBe(404);
    expect(await Customer.countDocuments()).toBe(before);
  });

  test('a duplicate phone is a 409 conflict', async () => {
    await create(alice, { name: '重复一', phones: ['13911112222'] });
    const dup = await create(alice, { name: '重复二', phones: ['139-1111-2222'] });
    expect(dup.status).toBe(409);
  });
});

describe('audit', () => {
  test('every change records who, what, when, before and after', async () => {
    const { body: c } = await create(alice, { name: '审计客户', level: 'C' });
    await app.request('PATCH', `/api/customers/${c.id}`, { token: carol, body: { level: 'A' } });
    const entries = await AuditLog.find({ entityId: c.id }).sort({ at: 1 }).lean();
    expect(entries.map((e) => e.action)).toEqual(['customer.create', 'customer.update']);
    const update = entries[1]!;
    expect(update.actorName).toBe('carol');
    expect(update.source).toBe('api');
    expect((update.before as { level: string }).level).toBe('C');
    expect((update.after as { level: string }).level).toBe('A');
  });
});

test('50 concurrent creates get 50 unique codes', async () => {
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => create(admin, { name: `并发客户${i}` })));
  expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
  expect(new Set(results.map((r) => r.body.code)).size).toBe(50);
});

test('reminders: create for an in-scope customer, list my open ones', async () => {
  const { body: c } = await create(alice, { name: '提醒客户' });
  const due = new Date(Date.now() + 3_600_000).toISOString();
  const created = await app.request('POST', '/api/reminders', { token: alice, body: { customerId: c.id, dueAt: due, text: '回访报价' } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ customerName: '提醒客户', text: '回访报价', status: 'open' });
  const mine = (await app.request('GET', '/api/reminders', { token: alice })).body.items;
  expect(mine.map((r: { id: string }) => r.id)).toContain(created.body.id);
  expect((await app.request('GET', '/api/reminders', { token: bob })).body.items).toEqual([]);
  const { body: bobs } = await create(bob, { name: 'Bob提醒' });
  expect((await app.request('POST', '/api/reminders', { token: alice, body: { customerId: bobs.id, dueAt: due, text: 'x' } })).status).toBe(404);
});

test('health, readiness and metrics', async () => {
  expect((await app.request('GET', '/healthz')).status).toBe(200);
  expect((await app.request('GET', '/readyz')).body).toEqual({ status: 'ready', database: 'up' });
  const metrics = await app.request('GET', '/metrics');
  expect(metrics.body).toContain('http_request_duration_seconds');
  expect(mongoose.connection.readyState).toBe(1);
});
