import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { encryptFeishuEvent } from '../../src/channels/feishu/decrypt-event.js';
import { computeFeishuSignature } from '../../src/channels/feishu/verify-signature.js';
import { logFollowUp } from '../../src/crm/activities/log-follow-up.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { actorFor } from '../support/actor-for.js';
import { feishuAppEnv, startFeishuSimulator, type FeishuSimulator } from '../support/simulators/feishu/feishu-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { feishuVectors } from '../support/vectors/feishu-slack-vectors.js';

/**
 * Chat commands end to end on Feishu: an encrypted, signed im.message.receive_v1 through the real
 * Koa route, the inbox, the command runtime on the real database, the outbox and the Feishu sender,
 * to the simulator's reply endpoint.
 */
const VERIFICATION_TOKEN = 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6';
const ENCRYPT_KEY = feishuVectors[1]!.encryptKey;

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: FeishuSimulator;
let app: TestApp;
let wang: StaffDoc;
let li: StaffDoc;
const tenantId = () => app.service.deps.defaultTenantId;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startFeishuSimulator();
  app = await startTestApp({
    env: { ...feishuAppEnv(sim, { verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY }), PUBLIC_BASE_URL: 'https://crm.example.cn' },
  });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'wang', name: '王销售', role: 'sales', departments: ['east'], feishuOpenId: 'ou_wang' });
  li = await Staff.create({ tenantId: tenantId(), userId: 'li', name: '李销售', role: 'sales', departments: ['west'], email: 'li@example.cn' });
  sim.addUser({ openId: 'ou_li', name: '李销售', email: 'Li@Example.cn' });
  const zhang = await createCustomer(actorFor(wang, 'import'), { name: '张三', company: '星河科技', phones: ['13800138000'], tags: ['VIP'] });
  await logFollowUp(actorFor(wang, 'import'), zhang._id, { content: '发了报价单', channel: 'email' });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => sim.reset());

function messageEvent(openId: string, text: string, ids = { eventId: randomBytes(8).toString('hex'), messageId: `om_${randomBytes(8).toString('hex')}` }) {
  return {
    ids,
    event: {
      schema: '2.0',
      header: { event_id: ids.eventId, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: VERIFICATION_TOKEN, app_id: sim.appId, tenant_key: 'tk' },
      event: {
        sender: { sender_id: { open_id: openId }, sender_type: 'user', tenant_key: 'tk' },
        message: {
          message_id: ids.messageId,
          chat_id: 'oc_group',
          chat_type: 'group',
          message_type: 'text',
          content: JSON.stringify({ text: `@_user_1 ${text}` }),
          mentions: [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'ChatCRM' }],
        },
      },
    },
  };
}

/** Encrypts and signs like Feishu: the signature covers the exact bytes posted. */
function sealed(plain: unknown, options: { timestamp?: number; key?: string; signature?: string } = {}) {
  const rawBody = JSON.stringify({ encrypt: encryptFeishuEvent(JSON.stringify(plain), options.key ?? ENCRYPT_KEY) });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const signature = options.signature ?? computeFeishuSignature(timestamp, nonce, ENCRYPT_KEY, rawBody);
  return {
    rawBody,
    headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature },
  };
}

const post = (req: { rawBody: string; headers: Record<string, string> }) => app.request('POST', '/callbacks/feishu/events', req);

async function runQueues() {
  await app.service.deps.inbox.drain();
  await app.service.deps.outbox.drain();
}

function cardText(content: Record<string, unknown>): string {
  return JSON.stringify(content);
}

describe('Feishu event callback', () => {
  test('the official encrypted URL check is answered with its challenge', async () => {
    const res = await post({ rawBody: JSON.stringify({ encrypt: feishuVectors[1]!.encrypt }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' });
  });

  test('forged, stale, wrong-token and plain callbacks get 4xx and nothing is stored', async () => {
    const before = await InboxEvent.countDocuments();
    const { event } = messageEvent('ou_wang', '/客户 张三');
    const forged = sealed(event, { signature: 'f'.repeat(64) });
    const stale = sealed(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const wrongToken = sealed({ ...event, header: { ...event.header, token: 'not-the-token' } });
    const wrongKey = sealed(event, { key: 'another key' });
    const plain = { rawBody: JSON.stringify(event), headers: { 'content-type': 'application/json' } };
    for (const attempt of [forged, stale, wrongToken, wrongKey, plain]) {
      const res = await post(attempt);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await InboxEvent.countDocuments()).toBe(before);
    expect(sim.messages).toHaveLength(0);
  });

  test('a signed "/客户 张三" is answered with a card replying to that very message; a redelivery is processed once', async () => {
    const { event, ids } = messageEvent('ou_wang', '/客户 张三');
    const first = await post(sealed(event));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({});
    // Feishu retries (15 s, 5 min…) with the same event_id, freshly signed.
    const again = await post(sealed(event));
    expect(again.status).toBe(200);
    await runQueues();
    expect(await InboxEvent.countDocuments({ dedupeKey: `feishu:event:${ids.eventId}` })).toBe(1);
    expect(sim.messages).toHaveLength(1);
    const reply = sim.messages[0]!;
    expect(reply).toMatchObject({ kind: 'reply', target: ids.messageId, msgType: 'interactive' });
    expect(reply.uuid).toBeTruthy();
    const text = cardText(reply.content);
    for (const expected of ['张三', '星河科技', '王销售', 'VIP', '发了报价单', 'https://crm.example.cn/sidebar/?customerId=']) expect(text).toContain(expected);
  });

  test('an unknown open_id is linked to its Staff record by the contact API email, then runs as that person', async () => {
    const before = await Activity.countDocuments({ type: 'follow_up' });
    const { event } = messageEvent('ou_li', '/跟进 张三 电话沟通');
    expect((await post(sealed(event))).status).toBe(200);
    await runQueues();
    expect((await Staff.findById(li._id).lean())!.feishuOpenId).toBe('ou_li');
    // 李 does not own 张三: not found, nothing written.
    expect(cardText(sim.messages[0]!.content)).toContain('没有找到客户「张三」');
    expect(await Activity.countDocuments({ type: 'follow_up' })).toBe(before);
  });

  test('someone no Staff record matches gets the sign-in refusal, as a reply', async () => {
    const { event, ids } = messageEvent('ou_stranger', '/客户 张三');
    expect((await post(sealed(event))).status).toBe(200);
    await runQueues();
    expect(sim.messages).toHaveLength(1);
    expect(sim.messages[0]).toMatchObject({ kind: 'reply', target: ids.messageId });
    expect(cardText(sim.messages[0]!.content)).not.toContain('星河科技');
  });

  test('an expired tenant_access_token is replaced and throttling is retried later', async () => {
    sim.expireTokens();
    sim.injectErrors('/open-apis/im/v1/messages', 'rate_limited');
    const { event, ids } = messageEvent('ou_wang', '/帮助');
    expect((await post(sealed(event))).status).toBe(200);
    await app.service.deps.inbox.drain();
    await app.service.deps.outbox.drain();
    expect(sim.messages).toHaveLength(0);
    const { OutboxMessage } = await import('../../src/queue/outbox/outbox-message-model.js');
    const queued = await OutboxMessage.findOne({ platform: 'feishu', 'to.messageId': ids.messageId }).lean();
    expect(queued).toMatchObject({ status: 'pending' });
    expect(queued!.lastError ?? '').toContain('rate limit');
    expect(sim.tokenIssues()).toBeGreaterThanOrEqual(2);
    // Once the wait is over, the same message goes out once.
    await OutboxMessage.updateOne({ _id: queued!._id }, { $set: { nextAttemptAt: new Date(0) } });
    await app.service.deps.outbox.drain();
    expect(sim.messages).toHaveLength(1);
    expect(sim.messages[0]).toMatchObject({ kind: 'reply', target: ids.messageId });
  });
});

describe('Feishu is off without its settings', () => {
  test('POST /callbacks/feishu/events answers 404', async () => {
    const bare = await startTestApp();
    try {
      const res = await bare.request('POST', '/callbacks/feishu/events', { body: { challenge: 'x', token: 't', type: 'url_verification' } });
      expect(res.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
