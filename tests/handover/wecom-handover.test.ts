import { afterAll, beforeAll, expect, test } from 'vitest';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { useTestDatabase } from '../support/test-db.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
const token: Record<string, string> = {};
const customerOf: Record<string, string> = {};
const MINUTE = 60_000;

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  env.sim.addStaff({ userid: 'lilei', name: '李雷', department: [1], customerContact: true });
  env.sim.addStaff({ userid: 'hanmeimei', name: '韩梅梅', department: [1], customerContact: true });
  token.root = await env.app.login('root', 'admin');
  for (const id of ['wmA', 'wmB', 'wmC', 'wmD']) await addClient(id);
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

/** A WeChat client adds a member (李雷 unless said): the callback creates the customer, owned by them and bound to the contact. */
async function addClient(externalUserId: string, userId = 'lilei') {
  env.sim.addContact({ external_userid: externalUserId, name: `客户${externalUserId.slice(2)}`, type: 1 });
  env.sim.addFollow({ userid: userId, external_userid: externalUserId, createtime: Math.floor(Date.now() / 1000) });
  expect((await env.post(env.contactEvent({ changeType: 'add_external_contact', userId, externalUserId }))).status).toBe(200);
  await env.drain();
  const contact = await ExternalContact.findOne({ externalUserId }).lean();
  expect(contact?.customerId).toBeTruthy();
  customerOf[externalUserId] = String(contact!.customerId);
}

const req = (method: string, path: string, body?: unknown, who = 'root') => env.app.request(method, path, { token: token[who], body });
const ownerOf = async (externalUserId: string) => (await Staff.findById((await Customer.findById(customerOf[externalUserId]).lean())!.ownerId).lean())!.userId;
const itemOf = (view: { items: { customerId: string }[] }, externalUserId: string) => view.items.find((i) => i.customerId === customerOf[externalUserId]) as Record<string, unknown>;
const follow = (at: Date) =>
  env.app.service.deps.jobs
    .list()
    .find((j) => j.name === 'handover-transfer-follow')!
    .run({ now: at, instanceId: 'test', stillLeader: async () => true });

test('3 WeCom clients: they wait for WeCom, one refuses (transfer_fail, shown with the reason), the others move; a retry moves it; the timeline records each', async () => {
  token.hanmeimei = await env.app.login('hanmeimei', 'sales');
  await Staff.updateOne({ userId: 'hanmeimei' }, { $set: { name: '韩梅梅' } });
  const unbound = await req('POST', '/api/customers', { name: '无企微客户', ownerId: String((await Staff.findOne({ userId: 'lilei' }).lean())!._id) });
  expect(unbound.status).toBe(201);
  const ids = [customerOf.wmA, customerOf.wmB, customerOf.wmC, unbound.body.id as string];

  const started = await req('POST', '/api/admin/handovers', { fromUserId: 'lilei', toUserId: 'hanmeimei', customerIds: ids, transferSuccessMsg: '您好，后续由韩梅梅为您服务' });
  expect(started.status).toBe(201);
  expect(started.body.kind).toBe('in_service');
  expect(started.body.note).toBeNull();
  expect(started.body.counts).toMatchObject({ total: 4, waiting: 3, moved: 1 });
  // WeCom was asked (in service, with the message); CRM ownership waits for WeCom's answer.
  expect(env.sim.calls.get('externalcontact/transfer_customer')).toBe(1);
  expect(env.sim.transfers.get('wmA')).toMatchObject({ handover_userid: 'lilei', takeover_userid: 'hanmeimei', resigned: false, successMsg: '您好，后续由韩梅梅为您服务' });
  expect(await ownerOf('wmA')).toBe('lilei');
  expect((await Customer.findById(unbound.body.id).lean())!.ownerId.equals((await Staff.findOne({ userId: 'hanmeimei' }).lean())!._id)).toBe(true);
  const id = started.body.id as string;

  // The client of wmB refuses: WeCom's transfer_fail callback (UserID = the takeover member).
  env.sim.refusingClients.add('wmB');
  env.sim.settleTransfers();
  expect((await env.post(env.contactEvent({ changeType: 'transfer_fail', userId: 'hanmeimei', externalUserId: 'wmB', failReason: 'customer_refused' }))).status).toBe(200);
  await env.drain();
  let view = (await req('GET', `/api/admin/handovers/${id}`)).body;
  expect(itemOf(view, 'wmB')).toMatchObject({ status: 'failed', reason: 'customer_refused: 客户拒绝', attempts: 1 });
  expect(itemOf(view, 'wmA')).toMatchObject({ status: 'waiting' });

  // The follow-up job reads transfer_result: wmA and wmC were taken over.
  const report = await follow(new Date());
  expect(report).toMatchObject({ checked: 1, moved: 2, failed: 0, errors: 0 });
  view = (await req('GET', `/api/admin/handovers/${id}`)).body;
  expect(view.counts).toMatchObject({ moved: 3, failed: 1, waiting: 0 });
  expect(await ownerOf('wmA')).toBe('hanmeimei');
  expect(await ownerOf('wmC')).toBe('hanmeimei');
  expect(await ownerOf('wmB')).toBe('lilei');
  // The list shows the failure with its reason too.
  const listed = (await req('GET', '/api/admin/handovers')).body.items.find((h: { id: string }) => h.id === id);
  expect(itemOf(listed, 'wmB')).toMatchObject({ status: 'failed', reason: 'customer_refused: 客户拒绝' });

  // The client changed their mind: the retry asks WeCom again; the item waits, then moves.
  env.sim.refusingClients.delete('wmB');
  const retried = await req('POST', `/api/admin/handovers/${id}/retry`);
  expect(retried.status).toBe(200);
  expect(itemOf(retried.body, 'wmB')).toMatchObject({ status: 'waiting', attempts: 2 });
  expect(env.sim.calls.get('externalcontact/transfer_customer')).toBe(2);
  // A new transfer is followed at once, then every ten minutes.
  expect(await follow(new Date())).toMatchObject({ checked: 1, moved: 0, failed: 0 });
  env.sim.settleTransfers();
  expect(await follow(new Date(Date.now() + MINUTE))).toMatchObject({ checked: 0 });
  expect(await follow(new Date(Date.now() + 11 * MINUTE))).toMatchObject({ checked: 1, moved: 1 });
  view = (await req('GET', `/api/admin/handovers/${id}`)).body;
  expect(view.counts).toMatchObject({ total: 4, moved: 4, failed: 0, waiting: 0 });
  expect(itemOf(view, 'wmB')).toMatchObject({ status: 'moved', reason: null });
  expect(await ownerOf('wmB')).toBe('hanmeimei');
  expect(env.sim.getFollow('hanmeimei', 'wmB')).toBeDefined();

  // The timeline keeps the refusal and records the handover of each client, once.
  for (const ext of ['wmA', 'wmB', 'wmC']) {
    const entries = await Activity.find({ customerId: customerOf[ext], type: 'handover' }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.content).toBe('客户由 李雷 交接给 韩梅梅');
  }
  expect(await Activity.countDocuments({ customerId: customerOf.wmB, type: 'transfer_failed' })).toBe(1);

  // WeCom's 90-day rule: once WeCom told us wmA is with 韩梅梅 (its callbacks after a takeover),
  // handing it straight back is refused by WeCom (40128) and nothing moves.
  await env.post(env.contactEvent({ changeType: 'add_external_contact', userId: 'hanmeimei', externalUserId: 'wmA' }));
  await env.post(env.contactEvent({ changeType: 'del_external_contact', userId: 'lilei', externalUserId: 'wmA', source: 'DELETE_BY_TRANSFER' }));
  await env.drain();
  const back = await req('POST', '/api/admin/handovers', { fromUserId: 'hanmeimei', toUserId: 'lilei', customerIds: [customerOf.wmA] });
  expect(back.status).toBe(201);
  expect(back.body.items[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^wecom_40128: 客户转接过于频繁/) });
  expect(await ownerOf('wmA')).toBe('hanmeimei');
});

test("a leaver: WeCom lists their unassigned clients, and the handover goes through resigned/transfer_customer", async () => {
  env.sim.staff.get('lilei')!.dimission_time = Math.floor(Date.now() / 1000) - 3600;
  const lilei = (await Staff.findOne({ userId: 'lilei' }).lean())!;
  expect((await req('PATCH', `/api/admin/staff/${String(lilei._id)}`, { active: false })).status).toBe(200);

  const unassigned = await req('GET', '/api/admin/handovers/unassigned?userId=lilei');
  expect(unassigned.status).toBe(200);
  expect(unassigned.body.items).toEqual([
    expect.objectContaining({ handoverUserId: 'lilei', staffName: '李雷', externalUserId: 'wmD', customerId: customerOf.wmD, leftAt: expect.any(String) }),
  ]);
  expect((await req('GET', '/api/admin/handovers/unassigned?colour=red')).status).toBe(400);
  expect((await req('GET', '/api/admin/handovers/unassigned', undefined, 'hanmeimei')).status).toBe(403);

  const started = await req('POST', '/api/admin/handovers', { fromUserId: 'lilei', toUserId: 'hanmeimei' });
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ kind: 'resigned', counts: { total: 1, waiting: 1 } });
  expect(env.sim.transfers.get('wmD')).toMatchObject({ resigned: true, status: 2, successMsg: undefined });
  env.sim.settleTransfers();
  expect(await follow(new Date(Date.now() + 30 * MINUTE))).toMatchObject({ moved: 1 });
  expect(await ownerOf('wmD')).toBe('hanmeimei');
  expect((await req('GET', '/api/admin/handovers/unassigned?userId=lilei')).body.items).toEqual([]);
});

test('one handover settled by the follow-up job (wmE accepted) and a transfer_fail callback (wmF) run together keeps both results', async () => {
  env.sim.addStaff({ userid: 'lucy', name: 'Lucy', department: [1], customerContact: true });
  await env.app.login('lucy', 'sales');
  for (const id of ['wmE', 'wmF']) await addClient(id, 'hanmeimei');
  const started = await req('POST', '/api/admin/handovers', { fromUserId: 'hanmeimei', toUserId: 'lucy', customerIds: [customerOf.wmE, customerOf.wmF] });
  expect(started.body.counts).toMatchObject({ waiting: 2 });
  env.sim.settleTransfers();
  env.sim.transfers.get('wmF')!.status = 2; // WeCom still shows wmF waiting when the job asks
  const callback = (async () => {
    await env.post(env.contactEvent({ changeType: 'transfer_fail', userId: 'lucy', externalUserId: 'wmF', failReason: 'customer_limit_exceed' }));
    await env.drain();
  })();
  await Promise.all([follow(new Date(Date.now() + 60 * MINUTE)), callback]);
  const view = (await req('GET', `/api/admin/handovers/${started.body.id}`)).body;
  expect(itemOf(view, 'wmE')).toMatchObject({ status: 'moved' });
  expect(itemOf(view, 'wmF')).toMatchObject({ status: 'failed', reason: 'customer_limit_exceed: 接替成员的客户数已达上限' });
  expect(await ownerOf('wmE')).toBe('lucy');
  expect(await ownerOf('wmF')).toBe('hanmeimei');
});

test('a company without a WeCom app (a DingTalk tenant): only CRM ownership moves, and the record says so', async () => {
  const tenant = await Tenant.create({ slug: 'ding-co', name: 'Ding Co', timezone: 'Asia/Shanghai' });
  token.dingAdmin = await env.app.login('ding-admin', 'admin', [], String(tenant._id));
  await env.app.login('ding-a', 'sales', [], String(tenant._id));
  await env.app.login('ding-b', 'sales', [], String(tenant._id));
  const a = (await Staff.findOne({ tenantId: tenant._id, userId: 'ding-a' }).lean())!;
  const created = await req('POST', '/api/customers', { name: '钉钉客户', ownerId: String(a._id) }, 'dingAdmin');
  expect(created.status).toBe(201);
  const calls = env.sim.calls.get('externalcontact/transfer_customer');
  const done = await req('POST', '/api/admin/handovers', { fromUserId: 'ding-a', toUserId: 'ding-b' }, 'dingAdmin');
  expect(done.status).toBe(201);
  expect(done.body.counts).toMatchObject({ total: 1, moved: 1 });
  expect(done.body.note).toMatch(/CRM ownership.*moved.*DingTalk has no external-contact handover/);
  expect(env.sim.calls.get('externalcontact/transfer_customer')).toBe(calls);
  expect((await req('GET', '/api/admin/handovers/unassigned', undefined, 'dingAdmin')).status).toBe(503);
});
