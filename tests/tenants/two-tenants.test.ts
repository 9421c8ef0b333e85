import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose, { type Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { addTenant } from '../../src/crm/tenants/add-tenant.js';
import { createLogger } from '../../src/logger.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { createKeyring } from '../../src/secrets/keyring.js';
import { encryptEventPayload } from '../../src/channels/dingtalk/event-cipher.js';
import { computeEventSignature } from '../../src/channels/dingtalk/event-signature.js';
import { contactEventXml, textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, buildUrlVerification, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// Two companies served by one instance, end to end: each WeCom corp (its own simulator) calls back
// at /callbacks/wecom/<slug> signed and encrypted by the independent @wecom/crypto with its own
// Token/EncodingAESKey; events land in that company's tenant, its handlers call that corp's API with
// that corp's secret, and an admin of one company cannot reach the other's records.
const key = randomBytes(32);
const T0 = 1_700_000_000;
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const sims: Record<'a' | 'b', WecomSimulator> = {} as never;
const callbackApps: Record<'a' | 'b', CallbackApp> = {} as never;
const tenantIds: Record<'a' | 'b', Types.ObjectId> = {} as never;

const aesKeyOf = (letter: string) => `${letter.repeat(12)}7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykk`;
/** Each company's DingTalk app: its own appKey (the owner key of its event ciphertexts), token and aesKey. */
const dingtalkOf = (slug: 'a' | 'b') => ({
  appKey: `ding${slug}appkey0001`,
  appSecret: `dingtalk-secret-of-${slug}-PLAINTEXT`,
  token: `dingToken${slug.toUpperCase()}01`,
  aesKey: aesKeyOf(slug === 'a' ? 'D' : 'G'),
});

beforeAll(async () => {
  db = await useTestDatabase();
  for (const slug of ['a', 'b'] as const) {
    const sim = await startWecomSimulator({ corpId: `ww${slug}corp000000001`, secret: `secret-of-${slug}-${randomBytes(8).toString('hex')}`, agentId: slug === 'a' ? 1000011 : 1000022 });
    sims[slug] = sim;
    callbackApps[slug] = { token: `token${slug.toUpperCase()}${slug}99`, encodingAesKey: aesKeyOf(slug === 'a' ? 'Q' : 'Z'), corpId: sim.corpId, agentId: sim.agentId };
    sim.addStaff({ userid: `sales-${slug}`, name: `Sales ${slug.toUpperCase()}`, department: [1] });
    sim.addContact({ external_userid: `wm-${slug}-1`, name: `客户${slug.toUpperCase()}`, type: 2, corp_name: `${slug.toUpperCase()}公司` });
    sim.addFollow({ userid: `sales-${slug}`, external_userid: `wm-${slug}-1`, createtime: T0 });
    const tenant = await addTenant(
      {
        slug,
        name: `Company ${slug.toUpperCase()}`,
        settings: {
          wecom: { corpId: sim.corpId, agentId: String(sim.agentId), secret: sim.secret, token: callbackApps[slug].token, aesKey: callbackApps[slug].encodingAesKey, apiBase: sim.baseUrl },
          dingtalk: dingtalkOf(slug),
        },
      },
      createKeyring({ id: 'k1', key }),
    );
    tenantIds[slug] = tenant._id;
  }
  // No WeCom in the environment: the default tenant has no app; both companies come from the database.
  app = await startTestApp({ env: { SECRETS_KEY: key.toString('base64'), SECRETS_KEY_ID: 'k1' } });
});
afterAll(async () => {
  await app?.close();
  for (const sim of Object.values(sims)) await sim.close();
  await db.drop();
});

const post = (path: string, body: string) => fetch(app.baseUrl + path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const contactAdded = (slug: 'a' | 'b') =>
  contactEventXml({ corpId: sims[slug].corpId, changeType: 'add_external_contact', userId: `sales-${slug}`, externalUserId: `wm-${slug}-1`, createTime: T0 });
const drain = () => app.service.deps.inbox.drain({ logger: createLogger('silent') });
const drainOutbox = () => app.service.deps.outbox.drain({ logger: createLogger('silent') });

describe('callbacks at /callbacks/wecom/<slug>', () => {
  test('URL verification answers with each tenant’s own keys only', async () => {
    for (const slug of ['a', 'b'] as const) {
      const ok = buildUrlVerification(callbackApps[slug], `echo-${slug}`, { via: 'oracle' }, `/callbacks/wecom/${slug}`);
      const res = await fetch(app.baseUrl + ok.path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`echo-${slug}`);
    }
    const crossed = buildUrlVerification(callbackApps.b, 'echo', { via: 'oracle' }, '/callbacks/wecom/a');
    expect((await fetch(app.baseUrl + crossed.path)).status).toBe(400);
  });

  test('a callback for tenant a signed with b’s key is refused and stores nothing', async () => {
    const forged = buildSignedCallback(callbackApps.b, contactAdded('a'), { via: 'oracle' }, '/callbacks/wecom/a');
    expect((await post(forged.path, forged.body)).status).toBe(400);
    // b's keys with a's corp id as receive id: the signature is b's token, still refused.
    const forgedReceive = buildSignedCallback(callbackApps.b, contactAdded('a'), { via: 'oracle', receiveId: sims.a.corpId }, '/callbacks/wecom/a');
    expect((await post(forgedReceive.path, forgedReceive.body)).status).toBe(400);
    expect(await InboxEvent.countDocuments()).toBe(0);
  });

  test('an unknown tenant, or one without WeCom callbacks, is 404; the env path still needs env settings', async () => {
    const cb = buildSignedCallback(callbackApps.a, contactAdded('a'), { via: 'oracle' }, '/callbacks/wecom/nobody');
    expect((await post(cb.path, cb.body)).status).toBe(404);
    const badSlug = buildSignedCallback(callbackApps.a, contactAdded('a'), { via: 'oracle' }, '/callbacks/wecom/NOT%20A%20SLUG');
    expect((await post(badSlug.path, badSlug.body)).status).toBe(404);
    await Tenant.create({ slug: 'no-wecom', name: 'No WeCom' });
    const none = buildSignedCallback(callbackApps.a, contactAdded('a'), { via: 'oracle' }, '/callbacks/wecom/no-wecom');
    expect((await post(none.path, none.body)).status).toBe(404);
    const envPath = buildSignedCallback(callbackApps.a, contactAdded('a'), { via: 'oracle' });
    expect((await post(envPath.path, envPath.body)).status).toBe(503);
    expect(await InboxEvent.countDocuments()).toBe(0);
  });

  test('each tenant’s events land in its tenant, handled with its own corp’s API and token', async () => {
    for (const slug of ['a', 'b'] as const) {
      const cb = buildSignedCallback(callbackApps[slug], contactAdded(slug), { via: 'oracle' }, `/callbacks/wecom/${slug}`);
      expect((await post(cb.path, cb.body)).status).toBe(200);
    }
    const events = await InboxEvent.find({}, { tenantId: 1, kind: 1 }).lean();
    expect(events.map((e) => [e.tenantId, e.kind]).sort()).toEqual(
      [[String(tenantIds.a), 'contact.added'], [String(tenantIds.b), 'contact.added']].sort(),
    );
    await drain();
    expect(await InboxEvent.countDocuments({ status: 'done' })).toBe(2);
    for (const slug of ['a', 'b'] as const) {
      const other = slug === 'a' ? 'b' : 'a';
      const contact = await ExternalContact.findOne({ externalUserId: `wm-${slug}-1` }).lean();
      expect(String(contact!.tenantId)).toBe(String(tenantIds[slug]));
      expect(contact!.name).toBe(`客户${slug.toUpperCase()}`);
      expect(await ExternalContact.countDocuments({ tenantId: tenantIds[other], externalUserId: `wm-${slug}-1` })).toBe(0);
      // Each corp's simulator only accepts its own secret: a token was issued by both, so each tenant used its own.
      expect(sims[slug].callCount('gettoken')).toBe(1);
      expect(sims[slug].callCount('externalcontact/get')).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('chat commands of a tenant', () => {
  test('a command to tenant b’s app is answered through b’s API only', async () => {
    const text = textMessageXml({ corpId: sims.b.corpId, from: 'sales-b', content: '/help', msgId: '7001', agentId: sims.b.agentId });
    const cb = buildSignedCallback(callbackApps.b, text, { via: 'oracle' }, '/callbacks/wecom/b');
    expect((await post(cb.path, cb.body)).status).toBe(200);
    await drain();
    await drainOutbox();
    expect(sims.a.sent).toHaveLength(0);
    expect(sims.b.deliveredMessages().map((m) => m.deliveredTo)).toEqual([['sales-b']]);
    // The sender was provisioned from b's directory, in b's tenant.
    const staff = await Staff.findOne({ userId: 'sales-b' }).lean();
    expect(String(staff!.tenantId)).toBe(String(tenantIds.b));
  });
});

describe('the sidebar’s WeCom API of a tenant', () => {
  test('the JS-SDK config is signed with each tenant’s own corp tickets', async () => {
    const page = `/api/wecom/jssdk-config?url=${encodeURIComponent(`${app.config.PUBLIC_BASE_URL}/sidebar/`)}`;
    for (const slug of ['a', 'b'] as const) {
      const token = await app.login(`sales-${slug}`, 'sales', [], slug);
      const res = await app.request('GET', page, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ corpId: sims[slug].corpId, agentId: String(sims[slug].agentId) });
      expect(sims[slug].callCount('get_jsapi_ticket')).toBe(1);
      // Callback handling, the command and the sidebar shared one token per corp.
      expect(sims[slug].callCount('gettoken')).toBe(1);
    }
    const defaultUser = await app.login('nobody-default', 'sales');
    expect((await app.request('GET', page, { token: defaultUser })).status).toBe(503);
  });
});

describe('a tenant admin sees only their company', () => {
  test('no API answer carries a tenant secret', async () => {
    const adminA = await app.login('boss-a', 'admin', [], 'a');
    const me = await app.request('GET', '/api/me', { token: adminA });
    expect(me.body.tenant.id).toBe(String(tenantIds.a));
    const text = JSON.stringify(me.body);
    for (const secret of [sims.a.secret, callbackApps.a.token, callbackApps.a.encodingAesKey, 'v1:k1:']) expect(text).not.toContain(secret);
  });


  test('records of the other tenant are 404, their own are 200', async () => {
    const adminA = await app.login('boss-a', 'admin', [], 'a');
    const adminB = await app.login('boss-b', 'admin', [], 'b');
    expect((await app.request('POST', '/api/customers', { token: adminB, body: { name: 'B 的客户' } })).status).toBe(201);
    const customerB = (await Customer.findOne({ name: 'B 的客户' }).lean())!;
    expect(String(customerB.tenantId)).toBe(String(tenantIds.b));
    expect((await app.request('GET', `/api/customers/${customerB._id}`, { token: adminA })).status).toBe(404);
    expect((await app.request('PATCH', `/api/customers/${customerB._id}`, { token: adminA, body: { name: '改名' } })).status).toBe(404);
    expect((await Customer.findById(customerB._id).lean())!.name).toBe('B 的客户');
    expect((await app.request('GET', `/api/customers/${customerB._id}`, { token: adminB })).status).toBe(200);
    expect((await app.request('GET', '/api/contacts/wm-b-1', { token: adminA })).status).toBe(404);
    expect((await app.request('GET', '/api/contacts/wm-b-1', { token: adminB })).status).toBe(200);
    const listA = await app.request('GET', '/api/customers', { token: adminA });
    expect(JSON.stringify(listA.body)).not.toContain('B 的客户');
  });
});

/** A DingTalk event push as DingTalk signs and encrypts it with one company's app keys. */
function dingtalkPush(target: TestApp, path: string, keysOf: 'a' | 'b', plaintext: string) {
  const { token, aesKey, appKey } = dingtalkOf(keysOf);
  const encrypt = encryptEventPayload({ aesKey, ownerKey: appKey, plaintext });
  const timestamp = String(Date.now());
  const nonce = randomBytes(4).toString('hex');
  const signature = computeEventSignature(token, timestamp, nonce, encrypt);
  return target.request('POST', `${path}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, { body: { encrypt } });
}
const leaveOrg = (userId: string) => JSON.stringify({ EventType: 'user_leave_org', UserId: [userId], TimeStamp: Date.now() });

describe('DingTalk callbacks at /callbacks/dingtalk/<slug>', () => {
  test('a push signed with tenant a’s keys at b’s URL is refused and stores nothing; unknown slugs are 404', async () => {
    const before = await InboxEvent.countDocuments();
    expect((await dingtalkPush(app, '/callbacks/dingtalk/b', 'a', leaveOrg('dt-a'))).status).toBe(401);
    expect((await dingtalkPush(app, '/callbacks/dingtalk/nobody', 'a', leaveOrg('dt-a'))).status).toBe(404);
    expect((await dingtalkPush(app, '/callbacks/dingtalk/no-wecom', 'a', leaveOrg('dt-a'))).status).toBe(404);
    // The env path belongs to the default tenant, which has no DingTalk app here.
    expect((await dingtalkPush(app, '/callbacks/dingtalk/events', 'a', leaveOrg('dt-a'))).status).toBe(404);
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('each company’s pushes verify with its own keys and land in its tenant', async () => {
    for (const slug of ['a', 'b'] as const) {
      const res = await dingtalkPush(app, `/callbacks/dingtalk/${slug}`, slug, leaveOrg(`dt-${slug}`));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
      const event = await InboxEvent.findOne({ kind: 'staff.left', 'payload.userIds': `dt-${slug}` }).lean();
      expect(event?.tenantId).toBe(String(tenantIds[slug]));
    }
    await drain();
    expect(await InboxEvent.countDocuments({ kind: 'staff.left', status: { $ne: 'done' } })).toBe(0);
  });
});

describe('secrets at rest', () => {
  const repoRoot = path.resolve(import.meta.dirname, '../..');
  const plaintexts = () =>
    (['a', 'b'] as const).flatMap((slug) => [sims[slug].secret, callbackApps[slug].token, callbackApps[slug].encodingAesKey, dingtalkOf(slug).appSecret, dingtalkOf(slug).token, dingtalkOf(slug).aesKey]);

  test('are unreadable in the raw database, and `npm run tenant:rotate-key` re-seals them under a new key that a restarted service opens', async () => {
    const raw = async () => mongoose.connection.db!.collection('tenants').find({ slug: { $in: ['a', 'b'] } }).toArray();
    let text = JSON.stringify(await raw());
    for (const secret of plaintexts()) expect(text).not.toContain(secret);
    expect(text).toContain('v1:k1:');

    const k2 = randomBytes(32);
    const rotate = await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/tenant-rotate-key.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        MONGODB_URI: `${db.uri.replace(/\/+$/, '')}/${db.dbName}`,
        LOG_LEVEL: 'silent',
        SECRETS_KEY: k2.toString('base64'),
        SECRETS_KEY_ID: 'k2',
        SECRETS_OLD_KEYS: `k1:${key.toString('base64')}`,
      },
      timeout: 60_000,
    });
    expect(rotate.stdout).toMatch(/re-encrypted under key "k2"/);
    text = JSON.stringify(await raw());
    for (const secret of plaintexts()) expect(text).not.toContain(secret);
    expect(text).not.toContain('v1:k1:');
    expect(text).toContain('v1:k2:');

    // A service started with only the new key serves both companies' callbacks.
    const restarted = await startTestApp({ env: { SECRETS_KEY: k2.toString('base64'), SECRETS_KEY_ID: 'k2' } });
    try {
      for (const slug of ['a', 'b'] as const) {
        expect((await dingtalkPush(restarted, `/callbacks/dingtalk/${slug}`, slug, leaveOrg(`dt-${slug}-2`))).status).toBe(200);
        const ok = buildUrlVerification(callbackApps[slug], `echo-${slug}`, { via: 'oracle' }, `/callbacks/wecom/${slug}`);
        expect(await (await fetch(restarted.baseUrl + ok.path)).text()).toBe(`echo-${slug}`);
      }
      expect((await dingtalkPush(restarted, '/callbacks/dingtalk/a', 'b', leaveOrg('dt-x'))).status).toBe(401);
    } finally {
      await restarted.close();
    }
  });
});
