import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeRobotSign } from '../../src/channels/dingtalk/verify-robot-sign.js';
import { encryptFeishuEvent } from '../../src/channels/feishu/decrypt-event.js';
import { computeFeishuSignature } from '../../src/channels/feishu/verify-signature.js';
import { computeSlackSignature } from '../../src/channels/slack/verify-request.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import type { Platform } from '../../src/messaging/platform.js';
import { actorFor } from '../support/actor-for.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { feishuAppEnv, startFeishuSimulator, type FeishuSimulator } from '../support/simulators/feishu/feishu-simulator.js';
import { slackAppEnv, startSlackSimulator, type SlackSimulator } from '../support/simulators/slack/slack-simulator.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * One command table, four platforms: a single service with WeCom, DingTalk, Feishu and Slack all
 * configured (each on its simulator); the same person (one Staff record linked on every platform)
 * types the same lines and must read the same answers, whatever each platform's dialect.
 */
const CORP_ID = 'wwallplatforms0001';
const AGENT_ID = 1000010;
const wecomApp: CallbackApp = { token: 'allPlatformsToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corpId: CORP_ID, agentId: AGENT_ID };
const FEISHU_TOKEN = 'feishu-verification-token';
const FEISHU_KEY = 'feishu encrypt key';
const SLACK_SECRET = 'slack-signing-secret-0123456789';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let wecom: WecomSimulator;
let dingtalk: DingTalkSimulator;
let feishu: FeishuSimulator;
let slack: SlackSimulator;
let app: TestApp;
let wang: StaffDoc;

beforeAll(async () => {
  db = await useTestDatabase();
  [wecom, dingtalk, feishu, slack] = await Promise.all([
    startWecomSimulator({ corpId: CORP_ID, agentId: AGENT_ID }),
    startDingTalkSimulator({ appKey: 'dingallplatforms01' }),
    startFeishuSimulator(),
    startSlackSimulator(),
  ]);
  app = await startTestApp({
    env: {
      WECOM_CORP_ID: CORP_ID,
      WECOM_AGENT_ID: String(AGENT_ID),
      WECOM_SECRET: wecom.secret,
      WECOM_TOKEN: wecomApp.token,
      WECOM_AES_KEY: wecomApp.encodingAesKey,
      WECOM_API_BASE: wecom.baseUrl,
      ...dingtalkAppEnv(dingtalk, { token: 'dt-token', aesKey: 'b'.repeat(43) }),
      ...feishuAppEnv(feishu, { verificationToken: FEISHU_TOKEN, encryptKey: FEISHU_KEY }),
      ...slackAppEnv(slack, SLACK_SECRET),
      PUBLIC_BASE_URL: 'https://crm.example.cn',
    },
  });
  const tenantId = app.service.deps.defaultTenantId;
  wecom.addStaff({ userid: 'wang', name: '王销售', department: [1] });
  wang = await Staff.create({
    tenantId,
    userId: 'wang',
    name: '王销售',
    role: 'sales',
    departments: ['1'],
    dingtalkUserId: 'dt-wang',
    feishuOpenId: 'ou_wang',
    slackUserId: 'U_WANG',
  });
  await createCustomer(actorFor(wang, 'import'), { name: '张三', company: '星河科技', phones: ['13800138000'], tags: ['VIP'] });
});
afterAll(async () => {
  await app?.close();
  await Promise.all([wecom?.close(), dingtalk?.close(), feishu?.close(), slack?.close()]);
  await db?.drop();
});

const runQueues = async () => {
  await app.service.deps.inbox.drain();
  await app.service.deps.outbox.drain();
};

/** Each platform: deliver `line` from 王销售 the way the platform does, return everything the reply shows. */
const say: Record<Platform, (line: string) => Promise<string>> = {
  async wecom(line) {
    const signed = buildSignedCallback(wecomApp, textMessageXml({ corpId: CORP_ID, from: 'wang', content: line, msgId: String(randomInt(1, 2 ** 47)), agentId: AGENT_ID }));
    const before = wecom.deliveredMessages().length;
    expect((await app.request('POST', signed.path, { rawBody: signed.body, headers: { 'content-type': 'text/xml' } })).status).toBe(200);
    await runQueues();
    const mine = wecom.deliveredMessages().slice(before).filter((m) => m.deliveredTo.includes('wang'));
    expect(mine).toHaveLength(1);
    return JSON.stringify(mine[0]!.body);
  },
  async dingtalk(line) {
    const expires = Date.now() + 90 * 60_000;
    const webhook = dingtalk.createSessionWebhook(expires);
    const message = robotMessage({
      msgId: `msg${randomBytes(8).toString('hex')}`,
      senderStaffId: 'dt-wang',
      senderNick: '王销售',
      text: { content: `@ChatCRM ${line}` },
      sessionWebhook: webhook.url,
      sessionWebhookExpiredTime: expires,
      robotCode: dingtalk.robotCode,
    });
    const timestamp = String(Date.now());
    const res = await app.request('POST', '/callbacks/dingtalk/robot', { body: message, headers: { timestamp, sign: computeRobotSign(timestamp, dingtalk.appSecret) } });
    expect(res.status).toBe(200);
    await runQueues();
    const mine = dingtalk.sessionMessages.filter((m) => m.session === webhook.session);
    expect(mine).toHaveLength(1);
    return JSON.stringify(mine[0]!.body);
  },
  async feishu(line) {
    const messageId = `om_${randomBytes(8).toString('hex')}`;
    const event = {
      schema: '2.0',
      header: { event_id: randomBytes(8).toString('hex'), event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: FEISHU_TOKEN, app_id: feishu.appId },
      event: {
        sender: { sender_id: { open_id: 'ou_wang' }, sender_type: 'user' },
        message: { message_id: messageId, chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: line }) },
      },
    };
    const rawBody = JSON.stringify({ encrypt: encryptFeishuEvent(JSON.stringify(event), FEISHU_KEY) });
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n1', 'x-lark-signature': computeFeishuSignature(ts, 'n1', FEISHU_KEY, rawBody) };
    expect((await app.request('POST', '/callbacks/feishu/events', { rawBody, headers })).status).toBe(200);
    await runQueues();
    const mine = feishu.messages.filter((m) => m.target === messageId);
    expect(mine).toHaveLength(1);
    return JSON.stringify(mine[0]!.content);
  },
  async slack(line) {
    // Slack users type `/crm <command> …`: the slash command's text is the line without its slash.
    const { url, hook } = slack.createResponseUrl();
    const form = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'C1',
      user_id: 'U_WANG',
      command: '/crm',
      text: line.replace(/^[/／]/, ''),
      response_url: url,
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': computeSlackSignature(SLACK_SECRET, ts, form) };
    expect((await app.request('POST', '/callbacks/slack/commands', { rawBody: form, headers })).status).toBe(200);
    await runQueues();
    const mine = slack.posts.filter((p) => p.hook === hook);
    expect(mine).toHaveLength(1);
    return JSON.stringify(mine[0]!.body);
  },
};

/**
 * The command table: a line and what its answer must (and must not) show, on every platform. Every
 * answer differs from the others (a leftover of when WeCom replies were sent with its duplicate check).
 */
const table: Array<{ line: string; shows: string[]; hides?: string[] }> = [
  { line: '/客户 张三', shows: ['张三', '星河科技', 'VIP', 'https://crm.example.cn/sidebar/?customerId='] },
  { line: '/customer 李四', shows: ['没有找到客户「李四」'], hides: ['星河科技'] },
  { line: '/帮助', shows: ['/客户', '/跟进'] },
];

const platforms: Platform[] = ['wecom', 'dingtalk', 'feishu', 'slack'];

describe.each(platforms)('the command table on %s', (platform) => {
  test.each(table)('$line', async ({ line, shows, hides = [] }) => {
    const reply = await say[platform](line);
    for (const text of shows) expect(reply).toContain(text);
    for (const text of hides) expect(reply).not.toContain(text);
  });
});
