import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { useTestDatabase } from '../support/test-db.js';
import { buildSignedCallback } from '../support/simulators/wecom/signed-callback.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

// What the sidebar's actions need from the server (issue 13): an honest "no next follow-up", undoing a
// binding, WeCom corp tags written back through mark_tag, a one-contact sync, named collaborator changes.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let tenantId: Types.ObjectId;
let alice: string;
let bob: string;
let customerId: string;
const T0 = 1_700_000_000;

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  tenantId = env.app.service.deps.defaultTenantId;
  alice = await env.app.login('alice', 'sales', ['east']);
  bob = await env.app.login('bob', 'sales', ['west']);
  env.sim.addStaff({ userid: 'alice', name: 'Alice', department: [1] });
  env.sim.addStaff({ userid: 'bob', name: 'Bob', department: [2] });
  env.sim.tagGroups = [
    { group_id: 'grpLevel', group_name: '客户等级', create_time: T0, order: 1, tag: [
      { id: 'tagVip', name: 'VIP', create_time: T0, order: 2 },
      { id: 'tagNormal', name: '普通', create_time: T0, order: 1 },
    ] },
    { group_id: 'grpSource', group_name: '来源', create_time: T0, order: 0, tag: [{ id: 'tagExpo', name: '展会', create_time: T0, order: 0 }] },
  ];
  env.sim.addContact({ external_userid: 'wmZhao', name: '赵六', type: 2, corp_name: '六六科技' });
  env.sim.addFollow({ userid: 'alice', external_userid: 'wmZhao', createtime: T0, tags: [{ group_name: '来源', tag_name: '展会', tag_id: 'tagExpo', type: 1 }] });
  const cb = buildSignedCallback(env.callbackApp, env.contactEvent({ changeType: 'add_external_contact', userId: 'alice', externalUserId: 'wmZhao', createTime: T0 }));
  expect((await fetch(env.app.baseUrl + cb.path, { method: 'POST', body: cb.body })).status).toBe(200);
  await env.drain();
  customerId = String((await ExternalContact.findOne({ tenantId, externalUserId: 'wmZhao' }).lean())!.customerId);
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

const req = (method: string, path: string, token: string, body?: unknown) => env.app.request(method, path, { token, body });

describe('logging a follow-up: the next follow-up is what the user chose', () => {
  beforeAll(async () => {
    expect((await req('PATCH', `/api/customers/${customerId}`, alice, { contactCycleDays: 14, nextFollowUpAt: '2020-01-01T01:00:00.000Z' })).status).toBe(200);
  });

  test('nextFollowUp "none" clears it even when the customer has a contact cycle', async () => {
    const res = await req('POST', `/api/customers/${customerId}/follow-ups`, alice, { content: '聊过了', nextFollowUp: 'none' });
    expect(res.status).toBe(201);
    expect(res.body.customer.nextFollowUpAt).toBeNull();
    expect((await Customer.findById(customerId).lean())!.nextFollowUpAt ?? null).toBeNull();
    expect(res.body.data).toEqual({});
  });

  test('nextFollowUp "cycle" (and saying nothing) puts it one cycle after the contact', async () => {
    for (const body of [{ content: '按周期', nextFollowUp: 'cycle' }, { content: '什么都没说' }]) {
      const before = Date.now();
      const res = await req('POST', `/api/customers/${customerId}/follow-ups`, alice, body);
      expect(res.status).toBe(201);
      const next = new Date(res.body.customer.nextFollowUpAt).getTime();
      expect(next - before).toBeGreaterThanOrEqual(14 * 86_400_000 - 1000);
      expect(next - before).toBeLessThan(14 * 86_400_000 + 60_000);
      expect(res.body.data.nextFollowUpAt).toBe(res.body.customer.nextFollowUpAt);
    }
  });

  test('bad input names the field and writes nothing', async () => {
    const count = await Activity.countDocuments({ customerId });
    const both = await req('POST', `/api/customers/${customerId}/follow-ups`, alice, { content: 'x', nextFollowUp: 'none', nextFollowUpAt: '2030-01-01T01:00:00Z' });
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([expect.objectContaining({ path: 'nextFollowUp' })]);
    const odd = await req('POST', `/api/customers/${customerId}/follow-ups`, alice, { content: 'x', nextFollowUp: 'later' });
    expect(odd.status).toBe(400);
    expect(odd.body.error.message).toContain('nextFollowUp');
    const other = (await req('POST', '/api/customers', alice, { name: '无周期客户' })).body.id;
    const noCycle = await req('POST', `/api/customers/${other}/follow-ups`, alice, { content: 'x', nextFollowUp: 'cycle' });
    expect(noCycle.status).toBe(400);
    expect(noCycle.body.error.details).toEqual([{ path: 'nextFollowUp', message: 'the customer has no contact cycle' }]);
    expect(await Activity.countDocuments({ customerId })).toBe(count);
  });

  test('a retried save with the same requestId logs once', async () => {
    const body = { content: '重试的保存', nextFollowUp: 'none', requestId: 'req-0123456789' };
    const first = await req('POST', `/api/customers/${customerId}/follow-ups`, alice, body);
    const again = await req('POST', `/api/customers/${customerId}/follow-ups`, alice, body);
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await Activity.countDocuments({ customerId, content: '重试的保存' })).toBe(1);
  });
});

describe('WeCom corp tags from the sidebar', () => {
  test('the dictionary is read from WeCom when the CRM has none yet, grouped', async () => {
    const res = await req('GET', '/api/wecom/corp-tags', alice);
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([
      { groupId: 'grpLevel', groupName: '客户等级', tags: [{ tagId: 'tagVip', name: 'VIP' }, { tagId: 'tagNormal', name: '普通' }] },
      { groupId: 'grpSource', groupName: '来源', tags: [{ tagId: 'tagExpo', name: '展会' }] },
    ]);
  });

  test('add and remove go to WeCom through mark_tag, then show on the contact and the timeline', async () => {
    const res = await req('POST', '/api/wecom/contacts/wmZhao/corp-tags', alice, { add: ['tagVip'], remove: ['tagExpo'] });
    expect(res.status).toBe(200);
    expect(env.sim.getFollow('alice', 'wmZhao')!.tags!.map((t) => t.tag_id)).toEqual(['tagVip']);
    const mine = res.body.contact.followUsers.find((f: { userId: string }) => f.userId === 'alice');
    expect(mine.tags).toEqual([{ tagId: 'tagVip', name: 'VIP', groupName: '客户等级', type: 1 }]);
    const tagged = await Activity.findOne({ customerId, type: 'tagged' }).sort({ at: -1 }).lean();
    expect(tagged!.data).toEqual({ added: ['VIP'], removed: ['展会'], corpTags: true });
  });

  test('refusals: unknown tag (400 naming it, WeCom not called), not your contact (409), WeCom rejecting the tag (400)', async () => {
    env.sim.resetCalls();
    const unknown = await req('POST', '/api/wecom/contacts/wmZhao/corp-tags', alice, { add: ['tagNope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'add.0', message: 'unknown corp tag' }]);
    const empty = await req('POST', '/api/wecom/contacts/wmZhao/corp-tags', alice, { add: [], remove: [] });
    expect(empty.status).toBe(400);
    expect(env.sim.callCount('externalcontact/mark_tag')).toBe(0);

    const admin = await env.app.login('root', 'admin');
    const notMine = await req('POST', '/api/wecom/contacts/wmZhao/corp-tags', admin, { add: ['tagNormal'] });
    expect(notMine.status).toBe(409);
    expect(notMine.body.error.message).toContain('not in your WeCom contacts');
    expect((await req('POST', '/api/wecom/contacts/wmZhao/corp-tags', bob, { add: ['tagNormal'] })).status).toBe(404);

    env.sim.failNext('externalcontact/mark_tag', 40068);
    const rejected = await req('POST', '/api/wecom/contacts/wmZhao/corp-tags', alice, { add: ['tagNormal'] });
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.message).toContain('add');
    const contact = await ExternalContact.findOne({ tenantId, externalUserId: 'wmZhao' }).lean();
    expect(contact!.followUsers[0]!.tags.map((t) => t.tagId)).toEqual(['tagVip']);
  });
});

describe('a contact the callbacks have not brought in yet', () => {
  test('sync reads that one contact from WeCom; unknown ones stay 404', async () => {
    env.sim.addContact({ external_userid: 'wmLate', name: '晚到的客户', type: 1 });
    env.sim.addFollow({ userid: 'alice', external_userid: 'wmLate', createtime: T0 });
    expect((await req('GET', '/api/contacts/wmLate', alice)).status).toBe(404);
    const res = await req('POST', '/api/wecom/contacts/wmLate/sync', alice);
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ externalUserId: 'wmLate', name: '晚到的客户' });
    expect((await req('GET', '/api/contacts/wmLate', alice)).status).toBe(200);
    expect((await req('POST', '/api/wecom/contacts/wmNobody/sync', alice)).status).toBe(404);
    // Bob does not follow it: the read happens, but he is told nothing.
    expect((await req('POST', '/api/wecom/contacts/wmLate/sync', bob)).status).toBe(404);
  });
});

describe('undoing a binding', () => {
  test('unbind returns the contact to the unlinked screen with candidates; a stale customerId is 409', async () => {
    const other = (await req('POST', '/api/customers', alice, { name: '另一个客户' })).body.id;
    const stale = await req('POST', '/api/contacts/wmZhao/unbind', alice, { customerId: other });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('customerId');
    const res = await req('POST', '/api/contacts/wmZhao/unbind', alice, { customerId });
    expect(res.status).toBe(200);
    expect(res.body.customer).toBeNull();
    expect(res.body.contact.externalUserId).toBe('wmZhao');
    expect((await ExternalContact.findOne({ tenantId, externalUserId: 'wmZhao' }).lean())!.customerId).toBeNull();
    expect(await Customer.exists({ _id: customerId })).toBeTruthy();
    expect((await req('POST', '/api/contacts/wmZhao/unbind', alice, { customerId })).status).toBe(409);
    expect((await req('POST', '/api/contacts/wmZhao/bind', alice, { customerId })).status).toBe(200);
  });
});

describe('timeline', () => {
  test('a collaborators change names the people added and removed', async () => {
    const admin = await env.app.login('root', 'admin');
    const carol = await env.app.login('carol', 'sales', ['east']);
    const me = async (t: string) => (await req('GET', '/api/me', t)).body.staff.id as string;
    const [bobId, carolId] = [await me(bob), await me(carol)];
    await req('PATCH', `/api/customers/${customerId}`, admin, { collaboratorIds: [bobId] });
    await req('PATCH', `/api/customers/${customerId}`, admin, { collaboratorIds: [carolId] });
    const res = await req('GET', `/api/customers/${customerId}/activities?type=collaborators_changed&limit=1`, alice);
    expect(res.body.items[0].data).toMatchObject({ addedNames: ['carol'], removedNames: ['bob'] });
  });
});
