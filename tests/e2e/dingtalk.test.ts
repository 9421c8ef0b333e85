import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { encryptEventPayload } from '../../src/channels/dingtalk/event-cipher.js';
import { computeEventSignature } from '../../src/channels/dingtalk/event-signature.js';
import { replyForError } from '../../bot-commands/framework/reply-for-error.js';
import { robotDedupeKey } from '../../src/channels/dingtalk/normalize-robot-message.js';
import { openEventCallback } from '../../src/channels/dingtalk/open-event-callback.js';
import { computeRobotSign } from '../../src/channels/dingtalk/verify-robot-sign.js';
import { systemActor } from '../../src/crm/actor.js';
import { replyDedupeKey } from '../../src/features/commands/handle-command-event.js';
import { Unauthenticated } from '../../src/errors.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { platformUserIdOf } from '../../src/crm/staff/platform-user-id-of.js';
import { upsertStaff } from '../../src/crm/staff/upsert-staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import type { OutboundMessage } from '../../src/messaging/outbound-message.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { dingtalkVectors } from '../support/vectors/dingtalk-vectors.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * The "Done when" list, end to end: real Koa app over HTTP, real MongoDB-wire server,
 * the DingTalk simulator for every platform call. Event crypto uses the official check_url
 * vector's token / aes_key / owner key, so the official request itself can be replayed.
 */
const [official] = dingtalkVectors.eventCrypto;
/** What an unknown or inactive sender is told (the command layer's one error mapping). */
const NOT_REGISTERED_TEXT = (replyForError(new Unauthenticated()).reply as { text: string }).text;
const APP_KEY = official.ownerKey;
const secrets = { token: official.token, aesKey: official.aesKey, ownerKey: official.ownerKey };

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let app: TestApp;
const drainInbox = () => app.service.deps.inbox.drain();
const drainOutbox = () => app.service.deps.outbox.drain();
const enqueueOutbound = (message: OutboundMessage) => app.service.deps.outbox.enqueue(message);

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator({ appKey: APP_KEY });
  app = await startTestApp({
    env: dingtalkAppEnv(sim, { token: official.token, aesKey: official.aesKey }),
  });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => sim.reset());

const tenantId = () => app.service.deps.defaultTenantId;

function postRobot(body: unknown, headers: { timestamp?: string; sign?: string } = {}) {
  const timestamp = headers.timestamp ?? String(Date.now());
  const sign = headers.sign ?? computeRobotSign(timestamp, sim.appSecret);
  return app.request('POST', '/callbacks/dingtalk/robot', { body, headers: { timestamp, sign } });
}

function newRobotMessage(overrides: Record<string, unknown> = {}) {
  const webhook = sim.createSessionWebhook(Date.now() + 90 * 60_000);
  return {
    message: robotMessage({
      msgId: `msg${randomBytes(8).toString('hex')}`,
      sessionWebhook: webhook.url,
      sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
      robotCode: sim.robotCode,
      ...overrides,
    }),
    session: webhook.session,
  };
}

function pushEvent(plaintext: string, options: { ownerKey?: string; token?: string; signature?: string } = {}) {
  const encrypt = encryptEventPayload({ aesKey: secrets.aesKey, ownerKey: options.ownerKey ?? secrets.ownerKey, plaintext });
  const timestamp = String(Date.now());
  const nonce = randomBytes(4).toString('hex');
  const signature = options.signature ?? computeEventSignature(options.token ?? secrets.token, timestamp, nonce, encrypt);
  return app.request('POST', `/callbacks/dingtalk/events?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
    body: { encrypt },
  });
}

/** The visible text of a webhook-shaped message (text / markdown / actionCard). */
function replyText(body: Record<string, unknown> | undefined): string {
  const b = body as { text?: { content?: string }; markdown?: { text?: string }; actionCard?: { text?: string } } | undefined;
  return b?.text?.content ?? b?.markdown?.text ?? b?.actionCard?.text ?? '';
}

/** The help reply (whichever runner produced it) lists the commands. */
const HELP = /\/客户/;

async function drainAll() {
  await drainInbox();
  await drainOutbox();
}

function pythonReferenceAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function counts() {
  return { inbox: await InboxEvent.countDocuments({}), outbox: await OutboxMessage.countDocuments({}) };
}

describe('robot callback: verification', () => {
  test('a forged sign, a stale or future timestamp, or missing headers → 401 and nothing stored', async () => {
    const before = await counts();
    const { message } = newRobotMessage();
    const now = Date.now();
    const stale = String(now - 60 * 60_000 - 5_000);
    const future = String(now + 60 * 60_000 + 5_000);
    const cases = [
      { timestamp: String(now), sign: computeRobotSign(String(now), 'not-the-secret') },
      { timestamp: String(now), sign: computeRobotSign(String(now + 1), sim.appSecret) },
      { timestamp: stale, sign: computeRobotSign(stale, sim.appSecret) },
      { timestamp: future, sign: computeRobotSign(future, sim.appSecret) },
      { timestamp: '', sign: '' },
    ];
    for (const headers of cases) {
      const res = await postRobot(message, headers);
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toMatch(/stale|secret|hmac/i);
    }
    expect(await counts()).toEqual(before);
  });

  test('a signed but malformed body → 400, nothing stored', async () => {
    const before = await counts();
    expect((await postRobot({ hello: 'world' })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('robot callback: commands and replies', () => {
  test('a signed message from a registered person gets its reply on the sessionWebhook', async () => {
    await Staff.create({ tenantId: tenantId(), userId: 'manager8312', name: '王五', role: 'manager' });
    const { message, session } = newRobotMessage({ text: { content: '@CRM助手 /帮助' } });

    const started = Date.now();
    const res = await postRobot(message);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    // Persisted before the answer; no platform call happened before it.
    const stored = await InboxEvent.findOne({ dedupeKey: `dingtalk:robot:${String(message.msgId)}` }).lean();
    expect(stored).toMatchObject({ kind: 'command', platform: 'dingtalk', status: 'pending', payload: { text: '/帮助' } });
    expect(sim.requests).toHaveLength(0);

    await drainAll();
    expect(sim.sessionMessages).toHaveLength(1);
    expect(sim.sessionMessages[0]?.session).toBe(session);
    expect(replyText(sim.sessionMessages[0]?.body)).toMatch(HELP);
    expect(replyText(sim.sessionMessages[0]?.body)).not.toContain(NOT_REGISTERED_TEXT);
    expect(await OutboxMessage.findOne({ dedupeKey: replyDedupeKey(robotDedupeKey(String(message.msgId))) }).lean()).toMatchObject({ status: 'sent' });
  });

  test('a duplicate msgId is accepted twice but handled and answered once', async () => {
    const { message } = newRobotMessage({ senderStaffId: 'manager8312' });
    expect((await postRobot(message)).status).toBe(200);
    expect((await postRobot(message)).status).toBe(200);
    expect(await InboxEvent.countDocuments({ dedupeKey: `dingtalk:robot:${String(message.msgId)}` })).toBe(1);
    await drainAll();
    expect((await postRobot(message)).status).toBe(200);
    await drainAll();
    expect(sim.sessionMessages).toHaveLength(1);
  });

  test('a command runs under the sender\'s own identity (a customer created from DingTalk is theirs)', async () => {
    const staff = await Staff.create({ tenantId: tenantId(), userId: 'dt-sun', name: '孙七', role: 'sales' });
    const { message, session } = newRobotMessage({ senderStaffId: 'dt-sun', senderNick: '孙七', text: { content: '@CRM助手 /新建 钉钉测试客户' } });
    await postRobot(message);
    await drainAll();
    const customer = await Customer.findOne({ tenantId: tenantId(), name: '钉钉测试客户' }).lean();
    expect(customer?.ownerId.toHexString()).toBe(staff._id.toHexString());
    expect(sim.sessionMessages.map((m) => m.session)).toEqual([session]);
    expect(replyText(sim.sessionMessages[0]?.body)).toContain('钉钉测试客户');
  });

  test('an unknown sender gets a polite "not registered" reply', async () => {
    sim.addUser({ userid: 'stranger1', name: '路人', mobile: '13700000000' });
    const { message, session } = newRobotMessage({ senderStaffId: 'stranger1', senderNick: '路人' });
    expect((await postRobot(message)).status).toBe(200);
    await drainAll();
    expect(sim.sessionMessages).toEqual([{ session, body: { msgtype: 'text', text: { content: NOT_REGISTERED_TEXT } } }]);
    // Looked up in DingTalk, matched nobody, created nobody.
    expect(await Staff.countDocuments({ tenantId: tenantId(), $or: [{ userId: 'stranger1' }, { dingtalkUserId: 'stranger1' }] })).toBe(0);
  });

  test('a sender known by mobile (user/get) is linked to the existing staff record and served', async () => {
    // Written through upsertStaff, which stores the mobile normalized, as every Staff write does.
    await upsertStaff(systemActor(tenantId(), 'api'), tenantId(), { userId: 'wecom-zhang', name: '张三', mobile: '+86 138-0000-0001', role: 'sales' });
    sim.addUser({ userid: 'dt-zhang', name: '张三', mobile: '13800000001' });
    const { message } = newRobotMessage({ senderStaffId: 'dt-zhang', text: { content: '/帮助' } });
    await postRobot(message);
    await drainAll();
    expect(replyText(sim.sessionMessages[0]?.body)).toMatch(HELP);
    expect(await Staff.findOne({ tenantId: tenantId(), userId: 'wecom-zhang' }).lean()).toMatchObject({ dingtalkUserId: 'dt-zhang' });
  });

  test('without the mobile permission, staff are linked through getbymobile', async () => {
    await Staff.create({ tenantId: tenantId(), userId: 'wecom-li', name: '李四', mobile: '13800000002', role: 'sales' });
    sim.addUser({ userid: 'dt-li', name: '李四', mobile: '13800000002', mobileVisible: false });
    const { message } = newRobotMessage({ senderStaffId: 'dt-li', text: { content: '/帮助' } });
    await postRobot(message);
    await drainAll();
    expect(sim.requests.some((r) => r.path === '/topapi/v2/user/getbymobile')).toBe(true);
    expect(replyText(sim.sessionMessages[0]?.body)).toMatch(HELP);
    expect(await Staff.findOne({ tenantId: tenantId(), userId: 'wecom-li' }).lean()).toMatchObject({ dingtalkUserId: 'dt-li' });
  });

  test('an expired sessionWebhook falls back to the robot OpenAPI (group → groupMessages/send)', async () => {
    const { message } = newRobotMessage({
      senderStaffId: 'manager8312',
      conversationId: 'cidGroupA==',
      sessionWebhookExpiredTime: Date.now() - 1_000,
      text: { content: '/帮助' },
    });
    expect((await postRobot(message)).status).toBe(200);
    await drainAll();
    expect(sim.sessionMessages).toHaveLength(0);
    expect(sim.robotSends).toHaveLength(1);
    expect(sim.robotSends[0]).toMatchObject({ kind: 'group', robotCode: sim.robotCode, openConversationId: 'cidGroupA==' });
    expect(JSON.stringify(sim.robotSends[0]?.msgParam)).toMatch(HELP);
    const req = sim.requests.find((r) => r.path === '/v1.0/robot/groupMessages/send');
    expect(req?.headers['x-acs-dingtalk-access-token']).toBe(sim.currentToken());
  });

  test('a webhook DingTalk already dropped (errcode 300001) falls back too (1:1 → oToMessages/batchSend)', async () => {
    sim.addUser({ userid: 'manager8312', name: '王五' });
    const message = robotMessage({
      msgId: `msg${randomBytes(8).toString('hex')}`,
      conversationType: '1',
      senderStaffId: 'manager8312',
      // Valid by its own clock, unknown to DingTalk.
      sessionWebhook: `${sim.baseUrl}/robot/sendBySession?session=gone`,
      sessionWebhookExpiredTime: Date.now() + 60 * 60_000,
      robotCode: sim.robotCode,
      text: { content: '/帮助' },
    });
    await postRobot(message);
    await drainAll();
    expect(sim.requests.filter((r) => r.path === '/robot/sendBySession')).toHaveLength(1);
    expect(sim.robotSends).toHaveLength(1);
    expect(sim.robotSends[0]).toMatchObject({ kind: 'oto', robotCode: sim.robotCode, userIds: ['manager8312'] });
    expect(JSON.stringify(sim.robotSends[0]?.msgParam)).toMatch(HELP);
  });
});

describe('event subscription callback', () => {
  test('the official check_url request round-trips within 1.5 s and the reply decrypts to success', async () => {
    const before = await counts();
    const started = Date.now();
    const q = official.query;
    const res = await app.request(
      'POST',
      `/callbacks/dingtalk/events?msg_signature=${q.msg_signature}&timeStamp=${q.timeStamp}&nonce=${q.nonce}`,
      { body: { encrypt: official.encrypt } },
    );
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(1_500);
    expect(Object.keys(res.body).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
    const reply = res.body as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
    expect(openEventCallback({ msg_signature: reply.msg_signature, timeStamp: reply.timeStamp, nonce: reply.nonce }, { encrypt: reply.encrypt }, secrets)).toBe('success');
    // check_url is answered at the edge: nothing stored, no platform call.
    expect(await counts()).toEqual(before);
    expect(sim.requests).toHaveLength(0);
  });

  test.runIf(pythonReferenceAvailable())('the reply also opens with the independent Python reference', async () => {
    const res = await pushEvent('{"EventType":"check_url"}');
    const reply = res.body as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
    const script = fileURLToPath(new URL('../support/reference/ding_callback_crypto_ref.py', import.meta.url));
    const out = JSON.parse(
      execFileSync('python3', [script], {
        input: JSON.stringify([{ op: 'decrypt', ...secrets, timeStamp: reply.timeStamp, nonce: reply.nonce, encrypt: reply.encrypt, signature: reply.msg_signature }]),
      }).toString(),
    ) as Array<{ plaintext?: string }>;
    expect(out[0]?.plaintext).toBe('success');
  });

  test('a wrong owner key, a wrong signature or another token → 401; missing parameters → 400; nothing stored', async () => {
    const before = await counts();
    const plaintext = JSON.stringify({ EventType: 'user_leave_org', UserId: ['someone'], TimeStamp: Date.now() });
    expect((await pushEvent(plaintext, { ownerKey: 'dingOtherAppKey0000' })).status).toBe(401);
    expect((await pushEvent(plaintext, { signature: 'f'.repeat(40) })).status).toBe(401);
    expect((await pushEvent(plaintext, { token: 'not-our-token' })).status).toBe(401);
    const missing = await app.request('POST', '/callbacks/dingtalk/events?nonce=x', { body: { encrypt: 'abc' } });
    expect(missing.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  test('staff events keep Staff in sync; a departure flags the person\'s customers for transfer', async () => {
    sim.addUser({ userid: 'dt-wang', name: '王小明', mobile: '13900000009', deptIds: [7] });
    const added = await pushEvent(JSON.stringify({ EventType: 'user_add_org', UserId: ['dt-wang'], CorpId: 'dingcorp', TimeStamp: Date.now() }));
    expect(added.status).toBe(200);
    expect(openEventCallback({ signature: added.body.msg_signature, timestamp: added.body.timeStamp, nonce: added.body.nonce }, { encrypt: added.body.encrypt }, secrets)).toBe('success');
    await drainAll();
    expect(await Staff.findOne({ tenantId: tenantId(), userId: 'dt-wang' }).lean()).toMatchObject({
      name: '王小明',
      mobile: '13900000009',
      departments: ['7'],
      dingtalkUserId: 'dt-wang',
      role: 'sales',
      active: true,
    });

    sim.addUser({ userid: 'dt-wang', name: '王明', mobile: '13900000009', deptIds: [7, 8] });
    await pushEvent(JSON.stringify({ EventType: 'user_modify_org', UserId: ['dt-wang'], TimeStamp: Date.now() }));
    await drainAll();
    expect(await Staff.findOne({ tenantId: tenantId(), userId: 'dt-wang' }).lean()).toMatchObject({ name: '王明', departments: ['7', '8'] });

    // Wang owns two customers (created through the REST API as himself).
    const token = await app.login('dt-wang', 'sales');
    const ids: string[] = [];
    for (const name of ['华为技术', '中兴通讯']) {
      const res = await app.request('POST', '/api/customers', { token, body: { name } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const leave = JSON.stringify({ EventType: 'user_leave_org', UserId: ['dt-wang'], TimeStamp: Date.now() });
    const encrypt = encryptEventPayload({ aesKey: secrets.aesKey, ownerKey: secrets.ownerKey, plaintext: leave });
    // DingTalk pushes the same event twice: the second is acknowledged with success and dropped.
    for (let i = 0; i < 2; i++) {
      const timestamp = String(Date.now() + i);
      const signature = computeEventSignature(secrets.token, timestamp, 'n0nce', encrypt);
      const res = await app.request('POST', `/callbacks/dingtalk/events?signature=${signature}&timestamp=${timestamp}&nonce=n0nce`, { body: { encrypt } });
      expect(res.status).toBe(200);
    }
    expect(await InboxEvent.countDocuments({ kind: 'staff.left' })).toBe(1);
    sim.removeUser('dt-wang');
    await drainAll();
    expect(await Staff.findOne({ tenantId: tenantId(), userId: 'dt-wang' }).lean()).toMatchObject({ active: false });
    const flagged = await Customer.find({ tenantId: tenantId(), _id: { $in: ids } }).lean();
    expect(flagged.map((c) => c.needsTransfer)).toEqual([true, true]);
    const admin = await app.login('boss', 'admin');
    const view = await app.request('GET', `/api/customers/${ids[0]}`, { token: admin });
    expect(view.body.needsTransfer).toBe(true);

    // The departed person can no longer run commands.
    const { message, session } = newRobotMessage({ senderStaffId: 'dt-wang' });
    await postRobot(message);
    await drainAll();
    expect(sim.sessionMessages).toEqual([{ session, body: { msgtype: 'text', text: { content: NOT_REGISTERED_TEXT } } }]);
  });

  test('other event types are stored raw and acknowledged', async () => {
    const res = await pushEvent(JSON.stringify({ EventType: 'bpms_instance_change', processInstanceId: 'p-1' }));
    expect(res.status).toBe(200);
    expect(await InboxEvent.findOne({ kind: 'unknown', 'payload.eventType': 'bpms_instance_change' }).lean()).toBeTruthy();
  });
});

describe('outbound work notifications', () => {
  test('a user target becomes a work notification; identical content is not sent twice the same day', async () => {
    const zhao = await Staff.create({ tenantId: tenantId(), userId: 'wecom-zhao', dingtalkUserId: 'dt-zhao', name: '赵六', role: 'sales' });
    const body = { type: 'markdown' as const, title: '今日待办', markdown: '- 回访 **华为**\n- 报价 中兴' };
    // A WeCom-first record: jobs address it by its DingTalk id (platformUserIdOf), as reminders and digests do.
    await enqueueOutbound({ tenantId: String(tenantId()), platform: 'dingtalk', to: { type: 'user', platformUserId: platformUserIdOf(zhao, 'dingtalk') }, body });
    await enqueueOutbound({ tenantId: String(tenantId()), platform: 'dingtalk', to: { type: 'user', platformUserId: 'dt-zhao' }, body });
    expect(await drainOutbox()).toBe(2);
    expect(sim.workNotices).toHaveLength(1);
    expect(sim.workNotices[0]).toMatchObject({
      agentId: sim.agentId,
      userIds: ['dt-zhao'],
      msg: { msgtype: 'markdown', markdown: { title: '今日待办', text: '- 回访 **华为**\n- 报价 中兴' } },
    });
    expect(await OutboxMessage.countDocuments({ 'to.type': 'user', status: 'sent' })).toBe(2);
  });

  test('throttling reschedules the message instead of failing it', async () => {
    sim.injectErrors('/topapi/message/corpconversation', 'throttled');
    const id = await enqueueOutbound({
      tenantId: String(tenantId()),
      platform: 'dingtalk',
      to: { type: 'user', platformUserId: 'dt-zhao' },
      body: { type: 'text', text: `throttle test ${Date.now()}` },
    });
    await drainOutbox();
    const doc = await OutboxMessage.findById(id).lean();
    expect(doc).toMatchObject({ status: 'pending', attempts: 1 });
    expect(doc!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(sim.workNotices).toHaveLength(0);
  });
});
