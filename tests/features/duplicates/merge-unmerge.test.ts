import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExternalContact } from '../../../src/crm/contacts/external-contact-model.js';
import { Activity } from '../../../src/crm/models/activity.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Customer } from '../../../src/crm/models/customer.js';
import { Deal } from '../../../src/crm/models/deal.js';
import { Reminder } from '../../../src/crm/models/reminder.js';
import { defineCustomFields } from '../../support/define-custom-fields.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string; // sales, east
let bob: string; // sales, west
let admin: string;
let survivorId: string;
let mergedId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  admin = await app.login('root', 'admin');
  await defineCustomFields(app, admin, { 来源渠道: 'text' });
  const a = await app.request('POST', '/api/customers', { token: alice, body: { name: '张三', company: '杭州云栖科技', phones: ['13800138000'], tags: ['VIP'], level: 'A' } });
  const b = await app.request('POST', '/api/customers', {
    token: alice,
    body: { name: '张 三', company: '杭州云栖科技。', phones: ['13900139000'], email: 'z3@yunqi.cn', tags: ['老客户'], customFields: { 来源渠道: '展会' } },
  });
  expect(b.status).toBe(201);
  // Creating the second one already warned about the first.
  expect(b.body.possibleDuplicates).toEqual([expect.objectContaining({ id: a.body.id, code: a.body.code, reasons: ['name_company'], score: 0.7 })]);
  survivorId = a.body.id;
  mergedId = b.body.id;
  expect((await app.request('POST', `/api/customers/${mergedId}/follow-ups`, { token: alice, body: { content: '电话沟通了报价', channel: 'phone' } })).status).toBe(201);
  expect((await app.request('POST', '/api/reminders', { token: alice, body: { customerId: mergedId, dueAt: '2030-01-02T01:00:00Z', text: '回访' } })).status).toBe(201);
  expect((await app.request('POST', '/api/deals', { token: alice, body: { customerId: mergedId, title: '年度维保', amount: 8_000_000 } })).status).toBe(201);
  const customer = await Customer.findById(mergedId).lean();
  await ExternalContact.collection.insertOne({
    tenantId: customer!.tenantId, externalUserId: 'wmMergeTest', name: '张三', customerId: customer!._id, bindReason: 'manual', follows: [],
  });
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

/** Both customers and every record linked to either, raw from the database. */
async function snapshot() {
  const ids = [new Types.ObjectId(survivorId), new Types.ObjectId(mergedId)];
  const linked = { customerId: { $in: ids } };
  const sort = { _id: 1 } as const;
  return {
    customers: await Customer.collection.find({ _id: { $in: ids } }).sort(sort).toArray(),
    activities: await Activity.collection.find(linked).sort(sort).toArray(),
    reminders: await Reminder.collection.find(linked).sort(sort).toArray(),
    deals: await Deal.collection.find(linked).sort(sort).toArray(),
    contacts: await ExternalContact.collection.find(linked).sort(sort).toArray(),
  };
}

describe('duplicates: scan, merge, unmerge', () => {
  test('the scan finds the pair with its reason; the owner sees it, a colleague does not', async () => {
    expect((await app.request('POST', '/api/duplicates/scan', { token: alice })).status).toBe(403);
    const scan = await app.request('POST', '/api/duplicates/scan', { token: admin });
    expect(scan.body).toMatchObject({ customers: 2, pairs: 1 });
    const pairs = (await app.request('GET', '/api/duplicates', { token: alice })).body.items;
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ reasons: ['name_company'], score: 0.7 });
    expect(pairs[0].customers.map((c: { id: string }) => c.id).sort()).toEqual([survivorId, mergedId].sort());
    expect((await app.request('GET', '/api/duplicates', { token: bob })).body.items).toEqual([]);
  });

  test('merge moves everything to the survivor; unmerge restores both customers and every record exactly', async () => {
    const before = await snapshot();
    expect(before.activities.filter((a) => String(a.customerId) === mergedId).length).toBeGreaterThanOrEqual(2);

    const merged = await app.request('POST', '/api/merges', { token: alice, body: { survivorId, mergedId, fields: { name: 'survivor', email: 'merged' } } });
    expect(merged.status).toBe(201);
    expect(merged.body.moved).toMatchObject({ reminders: 1, deals: 1, externalContacts: 1 });
    expect(merged.body.survivor).toMatchObject({
      name: '张三', email: 'z3@yunqi.cn', level: 'A', phones: ['13800138000', '13900139000'], tags: ['VIP', '老客户'], customFields: { 来源渠道: '展会' },
    });
    expect((await app.request('GET', `/api/customers/${mergedId}`, { token: alice })).status).toBe(404);
    const timeline = (await app.request('GET', `/api/customers/${survivorId}/activities`, { token: alice })).body;
    const items = (timeline.items ?? timeline) as { type: string; content?: string }[];
    expect(items.some((a) => a.content === '电话沟通了报价')).toBe(true);
    expect(items.some((a) => a.type === 'merged')).toBe(true);
    expect(await Deal.countDocuments({ customerId: survivorId })).toBe(1);
    expect(await ExternalContact.countDocuments({ customerId: survivorId })).toBe(1);
    expect((await app.request('GET', '/api/duplicates', { token: alice })).body.items).toEqual([]);
    // The merged phone now belongs to the survivor: creating it again is refused as a duplicate.
    expect((await app.request('POST', '/api/customers', { token: alice, body: { name: '新人', phones: ['13900139000'] } })).status).toBe(409);

    const undo = await app.request('POST', `/api/merges/${merged.body.mergeId}/undo`, { token: alice });
    expect(undo.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect((await app.request('GET', `/api/customers/${mergedId}`, { token: alice })).body.email).toBe('z3@yunqi.cn');
    expect((await app.request('POST', `/api/merges/${merged.body.mergeId}/undo`, { token: alice })).status).toBe(409);
    expect(await AuditLog.countDocuments({ entity: 'customer', action: { $in: ['merge', 'unmerge'] } })).toBe(2);
    expect((await app.request('GET', '/api/duplicates', { token: alice })).body.items).toHaveLength(1);
  });

  test('bad input and other scopes change nothing', async () => {
    const before = await snapshot();
    const self = await app.request('POST', '/api/merges', { token: alice, body: { survivorId, mergedId: survivorId } });
    expect(self.status).toBe(400);
    expect((await app.request('POST', '/api/merges', { token: bob, body: { survivorId, mergedId } })).status).toBe(404);
    expect((await app.request('POST', '/api/merges', { token: alice, body: { survivorId, mergedId: 'x' } })).status).toBe(400);
    expect((await app.request('POST', '/api/merges', { token: alice, body: { survivorId, mergedId, fields: { phones: 'merged' } } })).status).toBe(400);
    expect((await app.request('POST', '/api/merges', { token: alice, body: { survivorId, mergedId, extra: 1 } })).status).toBe(400);
    expect((await app.request('POST', `/api/merges/${new Types.ObjectId()}/undo`, { token: alice })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  test('a dismissed pair stays dismissed through later scans', async () => {
    const [pair] = (await app.request('GET', '/api/duplicates', { token: alice })).body.items;
    expect((await app.request('POST', `/api/duplicates/${pair.id}/dismiss`, { token: bob })).status).toBe(404);
    expect((await app.request('POST', `/api/duplicates/${pair.id}/dismiss`, { token: alice })).status).toBe(204);
    await app.request('POST', '/api/duplicates/scan', { token: admin });
    expect((await app.request('GET', '/api/duplicates', { token: alice })).body.items).toEqual([]);
  });
});
