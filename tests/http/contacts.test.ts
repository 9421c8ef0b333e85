import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contactRead, type StaffLookup } from '../../src/crm/contacts/contact-changes.js';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { mutateContact } from '../../src/crm/contacts/mutate-contact.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { useTestDatabase } from '../support/test-db.js';
import { buildSignedCallback } from '../support/simulators/wecom/signed-callback.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let alice: string; // sales, east
let bob: string; // sales, west
let carol: string; // manager, east
let admin: string;
let tenantId: Types.ObjectId;

const T0 = 1_700_000_000;

async function deliver(plaintext: string) {
  const cb = buildSignedCallback(env.callbackApp, plaintext);
  expect((await fetch(env.app.baseUrl + cb.path, { method: 'POST', body: cb.body })).status).toBe(200);
}

/** A contact recorded but not bound (as when nobody could own it yet), followed by `userId`. */
async function unboundContact(externalUserId: string, userId: string, extra: { unionid?: string; remark?: string; mobiles?: string[]; name?: string } = {}) {
  const staff = await Staff.findOne({ tenantId, userId }).lean();
  const lookup: StaffLookup = { staffId: (u) => (u === userId ? staff!._id : null), name: (u) => u };
  await mutateContact(
    tenantId,
    externalUserId,
    contactRead(
      {
        at: new Date(),
        profile: { name: extra.name ?? '王五', type: 'wechat', unionid: extra.unionid, avatar: 'https://x/a.png' },
        followUsers: [{ userId, remark: extra.remark, remarkMobiles: extra.mobiles ?? [], addedAt: new Date(T0 * 1000), state: 'web' }],
        complete: true,
      },
      lookup,
    ),
  );
}

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  tenantId = env.app.service.deps.defaultTenantId;
  alice = await env.app.login('alice', 'sales', ['east']);
  bob = await env.app.login('bob', 'sales', ['west']);
  carol = await env.app.login('carol', 'manager', ['east']);
  admin = await env.app.login('root', 'admin');
  env.sim.addStaff({ userid: 'alice', name: 'Alice', department: [1] });
  env.sim.addContact({ external_userid: 'wmAlice', name: '赵六', type: 2, corp_name: '六六科技', avatar: 'https://x/z.png', unionid: 'ouZhao' });
  env.sim.addFollow({ userid: 'alice', external_userid: 'wmAlice', createtime: T0, remark: '赵总', description: 'CTO', state: 'expo' });
  await deliver(env.contactEvent({ changeType: 'add_external_contact', userId: 'alice', externalUserId: 'wmAlice', createTime: T0 }));
  await env.drain();
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

const get = (token: string | undefined, id: string) => env.app.request('GET', `/api/contacts/${encodeURIComponent(id)}`, { token });

describe('GET /api/contacts/:externalUserId', () => {
  test('the follower sees the contact, its follow users and the bound customer', async () => {
    const res = await get(alice, 'wmAlice');
    expect(res.status).toBe(200);
    const staffAlice = await Staff.findOne({ userId: 'alice' }).lean();
    expect(res.body).toEqual({
      contact: {
        externalUserId: 'wmAlice',
        name: '赵六',
        avatar: 'https://x/z.png',
        corpName: '六六科技',
        type: 'wecom',
        unionid: 'ouZhao',
        status: 'active',
        followUsers: [
          {
            userId: 'alice',
            staffId: String(staffAlice!._id),
            staffName: 'alice',
            remark: '赵总',
            description: 'CTO',
            addedAt: new Date(T0 * 1000).toISOString(),
            state: 'expo',
            status: 'active',
            tags: [],
          },
        ],
      },
      customer: expect.objectContaining({ name: '赵总', company: '六六科技', stage: 'lead', source: 'WeCom:expo', owner: { id: String(staffAlice!._id), name: 'alice' } }),
      candidates: [],
      openTickets: [],
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('scope: her manager and admins see it; another salesperson, strangers and bad ids get 404; no token 401', async () => {
    expect((await get(carol, 'wmAlice')).status).toBe(200);
    expect((await get(admin, 'wmAlice')).status).toBe(200);
    expect((await get(bob, 'wmAlice')).status).toBe(404);
    expect((await get(alice, 'wmNobody')).status).toBe(404);
    expect((await get(alice, 'wm$where')).status).toBe(404);
    expect((await get(undefined, 'wmAlice')).status).toBe(401);
  });
});

describe('binding from the sidebar', () => {
  let byName: string;
  let byPhone: string;
  let alicesCustomer: string;

  beforeAll(async () => {
    byName = (await env.app.request('POST', '/api/customers', { token: bob, body: { name: '王五' } })).body.id;
    byPhone = (await env.app.request('POST', '/api/customers', { token: bob, body: { name: '手机客户', phones: ['13711112222'] } })).body.id;
    alicesCustomer = String((await ExternalContact.findOne({ externalUserId: 'wmAlice' }).lean())!.customerId);
    // Bob also follows the same person (same unionid) through another contact bound to his own customer.
    const bobsUnion = (await env.app.request('POST', '/api/customers', { token: bob, body: { name: '同一人' } })).body.id;
    await unboundContact('wmBobUnionOld', 'bob', { unionid: 'ouSame' });
    await ExternalContact.updateOne({ externalUserId: 'wmBobUnionOld' }, { $set: { customerId: new Types.ObjectId(bobsUnion) } });
    await unboundContact('wmBob', 'bob', { unionid: 'ouSame', mobiles: ['137-1111-2222'], name: '王五' });
    await unboundContact('wmBob2', 'bob', { name: 'Lily', remark: '莉莉', mobiles: ['13900000001'] });
  });

  test('an unbound contact lists candidates with their reasons, best first', async () => {
    const res = await get(bob, 'wmBob');
    expect(res.status).toBe(200);
    expect(res.body.customer).toBeNull();
    expect(res.body.candidates.map((c: { customer: { name: string }; reason: string }) => [c.customer.name, c.reason])).toEqual([
      ['同一人', 'unionid'],
      ['手机客户', 'phone'],
      ['王五', 'name'],
    ]);
  });

  test('bind: links, is idempotent, refuses a second customer and customers outside scope', async () => {
    expect((await env.app.request('POST', '/api/contacts/wmBob/bind', { token: bob, body: { customerId: alicesCustomer } })).status).toBe(404);
    expect((await env.app.request('POST', '/api/contacts/wmBob/bind', { token: bob, body: { customerId: 'nope' } })).status).toBe(400);
    const bound = await env.app.request('POST', '/api/contacts/wmBob/bind', { token: bob, body: { customerId: byName } });
    expect(bound.status).toBe(200);
    expect(bound.body.customer).toMatchObject({ id: byName, name: '王五' });
    expect(bound.body.contact).toMatchObject({ externalUserId: 'wmBob', status: 'active' });
    expect((await env.app.request('POST', '/api/contacts/wmBob/bind', { token: bob, body: { customerId: byName } })).status).toBe(200);
    expect((await env.app.request('POST', '/api/contacts/wmBob/bind', { token: bob, body: { customerId: byPhone } })).status).toBe(409);
    const after = await get(bob, 'wmBob');
    expect(after.body.customer).toMatchObject({ id: byName });
    expect(after.body.candidates).toEqual([]);
    // The contact's history reached the customer's timeline.
    expect(await Activity.countDocuments({ customerId: new Types.ObjectId(byName), type: 'contact_added' })).toBe(1);
  });

  test('create: a customer from the WeCom profile, owned by the caller, then linked', async () => {
    const bad = await env.app.request('POST', '/api/contacts/wmBob2/customer', { token: bob, body: { nickname: 'x' } });
    expect(bad.status).toBe(400);
    const taken = await env.app.request('POST', '/api/contacts/wmBob2/customer', { token: bob, body: { phone: '13711112222' } });
    expect(taken.status).toBe(409);
    expect(await Customer.countDocuments({ name: '莉莉' })).toBe(0);

    const res = await env.app.request('POST', '/api/contacts/wmBob2/customer', { token: bob, body: { company: '莉莉花店' } });
    expect(res.status).toBe(201);
    const staffBob = await Staff.findOne({ userId: 'bob' }).lean();
    expect(res.body.customer).toMatchObject({ name: '莉莉', company: '莉莉花店', phones: ['13900000001'], source: 'WeCom:web', owner: { id: String(staffBob!._id) } });
    expect(res.body.contact.externalUserId).toBe('wmBob2');
    expect((await get(bob, 'wmBob2')).body.customer.id).toBe(res.body.customer.id);
    expect((await env.app.request('POST', '/api/contacts/wmBob2/customer', { token: bob, body: {} })).status).toBe(409);
    expect(await Customer.countDocuments({ name: '莉莉', deletedAt: null })).toBe(1);
  });

  test('someone who does not follow the contact cannot bind or create through it', async () => {
    await unboundContact('wmBob3', 'bob');
    expect((await env.app.request('POST', '/api/contacts/wmBob3/customer', { token: alice, body: {} })).status).toBe(404);
    expect((await env.app.request('POST', '/api/contacts/wmBob3/bind', { token: alice, body: { customerId: alicesCustomer } })).status).toBe(404);
  });
});
