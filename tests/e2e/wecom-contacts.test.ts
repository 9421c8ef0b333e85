import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CorpTag } from '../../src/crm/contacts/corp-tag-model.js';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { useTestDatabase } from '../support/test-db.js';
import { tagEventXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback } from '../support/simulators/wecom/signed-callback.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
const T0 = 1_700_000_000;
/** Event times for things that happen "now" (after earlier reads), as WeCom would stamp them. */
const nowSec = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  for (let i = 1; i <= 6; i++) env.sim.addStaff({ userid: `sales0${i}`, name: `销售0${i}`, department: [1] });
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

const contactOf = (externalUserId: string) => ExternalContact.findOne({ externalUserId }).lean();
const activitiesOf = async (externalUserId: string, type?: string) =>
  Activity.find({ 'data.externalUserId': externalUserId, ...(type ? { type } : {}) }).sort({ at: 1 }).lean();

async function deliver(plaintext: string, times = 1) {
  const cb = buildSignedCallback(env.callbackApp, plaintext);
  for (let i = 0; i < times; i++) {
    const res = await fetch(env.app.baseUrl + cb.path, { method: 'POST', body: cb.body });
    expect(res.status).toBe(200);
  }
}

describe('external contacts → CRM', () => {
  test('three salespeople adding one client: one customer, three follow users, one timeline', async () => {
    env.sim.addContact({ external_userid: 'wmThree', name: '王小明', type: 1, unionid: 'ouThree' });
    for (const [i, u] of ['sales01', 'sales02', 'sales03'].entries()) {
      env.sim.addFollow({ userid: u, external_userid: 'wmThree', createtime: T0 + i * 60, remark: i === 0 ? '王总' : '', state: i === 0 ? 'expo' : undefined });
    }
    // Delivered in reverse order and processed concurrently, as three workers would.
    for (const [i, u] of ['sales03', 'sales02', 'sales01'].entries()) {
      await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: u, externalUserId: 'wmThree', createTime: T0 + (2 - i) * 60, state: u === 'sales01' ? 'expo' : undefined }));
    }
    const logger = createLogger('silent');
    await Promise.all([0, 1, 2].map(() => env.app.service.deps.inbox.processOnce({ logger })));
    await env.drain();
    expect(await InboxEvent.countDocuments({ kind: 'contact.added', status: { $ne: 'done' } })).toBe(0);

    const customers = await Customer.find({ source: /^WeCom/ }).lean();
    expect(customers).toHaveLength(1);
    const customer = customers[0]!;
    const owner = await Staff.findOne({ userId: 'sales01' }).lean();
    expect(customer).toMatchObject({ name: '王总', stage: 'lead', source: 'WeCom:expo' });
    expect(customer.ownerId.equals(owner!._id)).toBe(true);
    expect(customer.collaboratorIds).toHaveLength(2);

    const contact = (await contactOf('wmThree'))!;
    expect(contact.customerId!.equals(customer._id)).toBe(true);
    expect(contact.followUsers.map((f) => [f.userId, f.status]).sort()).toEqual([
      ['sales01', 'active'],
      ['sales02', 'active'],
      ['sales03', 'active'],
    ]);
    const timeline = await Activity.find({ customerId: customer._id }).lean();
    expect(timeline.filter((a) => a.type === 'created')).toHaveLength(1);
    expect(timeline.filter((a) => a.type === 'contact_added').map((a) => a.content).sort()).toEqual([
      '销售01 添加了企业微信联系人，渠道：expo',
      '销售02 添加了企业微信联系人',
      '销售03 添加了企业微信联系人',
    ]);
    expect(contact.history.every((h) => h.recorded)).toBe(true);
  });

  test('the same callback delivered three times → one activity', async () => {
    env.sim.addContact({ external_userid: 'wmRetry', name: '重试', type: 1 });
    env.sim.addFollow({ userid: 'sales04', external_userid: 'wmRetry', createtime: T0 });
    await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales04', externalUserId: 'wmRetry', createTime: T0 }), 3);
    await env.drain();
    expect(await activitiesOf('wmRetry', 'contact_added')).toHaveLength(1);
    expect(await Customer.countDocuments({ name: '重试' })).toBe(1);
    // Replaying the processed event changes nothing either.
    const event = await InboxEvent.findOne({ 'payload.externalUserId': 'wmRetry' }).lean();
    await InboxEvent.updateOne({ _id: event!._id }, { $set: { status: 'pending', nextAttemptAt: new Date(0) } });
    await env.drain();
    expect(await activitiesOf('wmRetry', 'contact_added')).toHaveLength(1);
    expect(await Customer.countDocuments({ name: '重试' })).toBe(1);
  });

  test('a delete that arrives before its add converges to the same state as the right order', async () => {
    // WeCom's current truth for both contacts: sales05 added them, then deleted them.
    for (const id of ['wmOrderA', 'wmOrderB']) env.sim.addContact({ external_userid: id, name: id, type: 1 });
    const t = nowSec();
    const add = (id: string) => env.contactEvent({ changeType: 'add_external_contact', userId: 'sales05', externalUserId: id, createTime: t - 100 });
    const del = (id: string) => env.contactEvent({ changeType: 'del_external_contact', userId: 'sales05', externalUserId: id, createTime: t - 50 });
    await deliver(add('wmOrderA'));
    await env.drain();
    await deliver(del('wmOrderA'));
    await env.drain();
    await deliver(del('wmOrderB'));
    await env.drain();
    await deliver(add('wmOrderB'));
    await env.drain();
    const a = (await contactOf('wmOrderA'))!;
    const b = (await contactOf('wmOrderB'))!;
    const shape = (c: typeof a) => c.followUsers.map((f) => ({ userId: f.userId, status: f.status, removedBy: f.removedBy, statusAt: f.statusAt.toISOString() }));
    expect(shape(b)).toEqual(shape(a));
    expect(a.status).toBe('removed');
    expect(a.followUsers[0]).toMatchObject({ status: 'removed', removedBy: 'staff' });
    // Both facts are on B's record, in time order, whatever order they were processed in.
    expect(b.history.map((h) => h.type).sort()).toEqual(['contact_added', 'contact_removed']);
  });

  test('a duplicate edit re-syncs remark, description, mobiles and tags once per event', async () => {
    env.sim.tagGroups = [{ group_id: 'g1', group_name: '等级', create_time: T0, order: 0, tag: [{ id: 'tagA', name: 'A类', create_time: T0, order: 0 }] }];
    env.sim.addContact({ external_userid: 'wmEdit', name: '编辑', type: 1 });
    env.sim.addFollow({ userid: 'sales06', external_userid: 'wmEdit', createtime: T0, remark: '旧备注' });
    await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales06', externalUserId: 'wmEdit', createTime: T0 }));
    await env.drain();
    env.sim.addFollow({
      userid: 'sales06',
      external_userid: 'wmEdit',
      createtime: T0,
      remark: '新备注',
      description: '采购负责人',
      remark_mobiles: ['13912345678'],
      tags: [{ group_name: '等级', tag_name: 'A类', tag_id: 'tagA', type: 1 }],
    });
    await deliver(env.contactEvent({ changeType: 'edit_external_contact', userId: 'sales06', externalUserId: 'wmEdit', createTime: T0 + 500 }), 2);
    await env.drain();
    const f = (await contactOf('wmEdit'))!.followUsers[0]!;
    expect(f).toMatchObject({ remark: '新备注', description: '采购负责人', remarkMobiles: ['13912345678'], tags: [{ tagId: 'tagA', name: 'A类', groupName: '等级' }] });
    const edits = await activitiesOf('wmEdit', 'contact_updated');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.content).toContain('备注：旧备注 → 新备注');
    expect(edits[0]!.content).toContain('标签：（空） → A类');
  });

  test('binding rules: same unionid and remark mobile = customer phone bind to the existing customer', async () => {
    // Phone rule: a customer entered by hand, then WeCom contact with that number as remark mobile.
    const admin = await env.app.login('boss', 'admin');
    const created = await env.app.request('POST', '/api/customers', { token: admin, body: { name: '李经理', phones: ['13800001234'] } });
    expect(created.status).toBe(201);
    env.sim.addContact({ external_userid: 'wmPhone', name: 'Lee', type: 1 });
    env.sim.addFollow({ userid: 'sales01', external_userid: 'wmPhone', createtime: T0, remark_mobiles: ['+86 138-0000-1234'] });
    await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales01', externalUserId: 'wmPhone', createTime: T0 }));
    // Unionid rule: the same person reaches us through a second contact id.
    env.sim.addContact({ external_userid: 'wmUnion2', name: '王小明', type: 1, unionid: 'ouThree' });
    env.sim.addFollow({ userid: 'sales04', external_userid: 'wmUnion2', createtime: T0 });
    await deliver(env.contactEvent({ changeType: 'add_half_external_contact', userId: 'sales04', externalUserId: 'wmUnion2', createTime: T0 }));
    await env.drain();
    expect(String((await contactOf('wmPhone'))!.customerId)).toBe(created.body.id);
    const three = (await contactOf('wmThree'))!;
    expect(String((await contactOf('wmUnion2'))!.customerId)).toBe(String(three.customerId));
    const half = await activitiesOf('wmUnion2', 'contact_added');
    expect(half[0]!.content).toContain('免验证');
    // WeCom vouches for the unionid: that follower became a collaborator of the existing customer.
    const sales04 = await Staff.findOne({ userId: 'sales04' }).lean();
    const threeCustomer = await Customer.findById(three.customerId).lean();
    expect(threeCustomer!.collaboratorIds.map(String)).toContain(String(sales04!._id));
    const asSales04 = await env.app.request('GET', `/api/customers/${String(three.customerId)}`, { token: await env.app.login('sales04') });
    expect(asSales04.status).toBe(200);
  });

  test('a remark mobile binds to the customer with that phone but gives the salesperson no access to it', async () => {
    // Salesperson A's customer C; salesperson B adds any WeChat user and types C's phone as remark mobile.
    const tokenA = await env.app.login('sales05');
    const customerC = await env.app.request('POST', '/api/customers', { token: tokenA, body: { name: '机密客户', phones: ['13955556666'] } });
    expect(customerC.status).toBe(201);
    env.sim.addContact({ external_userid: 'wmSpoof', name: 'Someone', type: 1 });
    env.sim.addFollow({ userid: 'sales06', external_userid: 'wmSpoof', createtime: T0, remark_mobiles: ['13955556666'] });
    await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales06', externalUserId: 'wmSpoof', createTime: T0 }));
    await env.drain();
    // The binding stays (A sees the contact on C's timeline) …
    expect(String((await contactOf('wmSpoof'))!.customerId)).toBe(customerC.body.id);
    expect(await activitiesOf('wmSpoof', 'contact_added')).toHaveLength(1);
    // … but B is not a collaborator and cannot open C.
    const sales06 = await Staff.findOne({ userId: 'sales06' }).lean();
    const c = await Customer.findById(customerC.body.id).lean();
    expect(c!.collaboratorIds.map(String)).not.toContain(String(sales06!._id));
    const asB = await env.app.request('GET', `/api/customers/${customerC.body.id}`, { token: await env.app.login('sales06') });
    expect(asB.status).toBe(404);
    // A later change to the contact (e.g. an edit) grants nothing either.
    await deliver(env.contactEvent({ changeType: 'edit_external_contact', userId: 'sales06', externalUserId: 'wmSpoof', createTime: nowSec() }));
    await env.drain();
    expect((await Customer.findById(customerC.body.id).lean())!.collaboratorIds.map(String)).not.toContain(String(sales06!._id));
  });

  test('customer deletes the salesperson; transfer deletion keeps Source; history stays', async () => {
    env.sim.removeFollow('sales03', 'wmThree');
    await deliver(env.contactEvent({ changeType: 'del_follow_user', userId: 'sales02', externalUserId: 'wmThree', createTime: nowSec() }));
    await deliver(env.contactEvent({ changeType: 'del_external_contact', userId: 'sales03', externalUserId: 'wmThree', createTime: nowSec(), source: 'DELETE_BY_TRANSFER' }));
    await env.drain();
    const contact = (await contactOf('wmThree'))!;
    const byUser = Object.fromEntries(contact.followUsers.map((f) => [f.userId, f]));
    expect(byUser.sales02).toMatchObject({ status: 'removed', removedBy: 'customer' });
    expect(byUser.sales03).toMatchObject({ status: 'removed', removedBy: 'transfer' });
    expect(byUser.sales01).toMatchObject({ status: 'active' });
    const removed = await activitiesOf('wmThree', 'contact_removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]!.data).toMatchObject({ source: 'DELETE_BY_TRANSFER', removedBy: 'transfer' });
    expect(await activitiesOf('wmThree', 'contact_staff_removed')).toHaveLength(1);
    expect(await activitiesOf('wmThree', 'contact_added')).toHaveLength(3);
    expect(await Customer.countDocuments({ _id: contact.customerId, deletedAt: null })).toBe(1);

    // WeCom still lists the one-way relation: a later read must not revive it.
    await deliver(env.contactEvent({ changeType: 'edit_external_contact', userId: 'sales01', externalUserId: 'wmThree', createTime: nowSec() + 1 }));
    await env.drain();
    const after = (await contactOf('wmThree'))!;
    expect(after.followUsers.find((f) => f.userId === 'sales02')).toMatchObject({ status: 'removed', removedBy: 'customer' });
  });

  test('transfer_fail: on the timeline and a message to the owner', async () => {
    await deliver(env.contactEvent({ changeType: 'transfer_fail', userId: 'sales02', externalUserId: 'wmThree', failReason: 'customer_refused', createTime: T0 + 3000 }));
    await env.drain();
    const failed = await activitiesOf('wmThree', 'transfer_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.content).toContain('客户拒绝');
    const message = await OutboxMessage.findOne({ dedupeKey: /^wecom:transfer-fail:/ }).lean();
    expect(message).toMatchObject({ platform: 'wecom', to: { type: 'user', platformUserId: 'sales01' } });
    await env.drainOutbox();
    const sent = env.sim.deliveredMessages().find((m) => m.body.touser === 'sales01');
    expect(JSON.stringify(sent?.body)).toContain('接替失败');
  });

  test('change_external_tag keeps the corp tag dictionary in sync', async () => {
    env.sim.tagGroups = [
      { group_id: 'g1', group_name: '等级', create_time: T0, order: 0, tag: [{ id: 'tagA', name: 'A类', create_time: T0, order: 0 }, { id: 'tagB', name: 'B类', create_time: T0, order: 1 }] },
    ];
    await deliver(tagEventXml({ corpId: env.sim.corpId, id: 'tagB', tagType: 'tag', changeType: 'create', createTime: T0 + 1 }));
    await env.drain();
    expect((await CorpTag.find({ deleted: false }).lean()).map((t) => t.name).sort()).toEqual(['A类', 'B类']);
    env.sim.tagGroups[0]!.tag = env.sim.tagGroups[0]!.tag.filter((t) => t.id !== 'tagA');
    await deliver(tagEventXml({ corpId: env.sim.corpId, id: 'tagA', tagType: 'tag', changeType: 'delete', createTime: T0 + 2 }));
    await env.drain();
    expect(await CorpTag.findOne({ tagId: 'tagA' }).lean()).toMatchObject({ deleted: true, name: 'A类' });
  });

  test('a token WeCom invalidated mid-run is refreshed transparently', async () => {
    env.sim.addContact({ external_userid: 'wmToken', name: '令牌', type: 2, corp_name: '令牌公司' });
    env.sim.addFollow({ userid: 'sales05', external_userid: 'wmToken', createtime: T0 });
    const before = env.sim.callCount('gettoken');
    env.sim.invalidateTokens();
    await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales05', externalUserId: 'wmToken', createTime: T0 }));
    await env.drain();
    expect(env.sim.callCount('gettoken')).toBe(before + 1);
    const customer = await Customer.findById((await contactOf('wmToken'))!.customerId).lean();
    expect(customer).toMatchObject({ name: '令牌', company: '令牌公司' });
    expect(await InboxEvent.countDocuments({ status: 'dead' })).toBe(0);
  });

  test('an event for a contact WeCom no longer knows at all is kept without a customer', async () => {
    await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales05', externalUserId: 'wmGhost', createTime: T0 }));
    await env.drain();
    const ghost = (await contactOf('wmGhost'))!;
    // 40096 (not visible): the event alone says sales05 added them, so a customer exists for sales05.
    expect(ghost.followUsers[0]).toMatchObject({ userId: 'sales05', status: 'active' });
    expect(ghost.customerId).toBeInstanceOf(Types.ObjectId);
  });
});
