import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { computeRobotSign } from '../../src/channels/dingtalk/verify-robot-sign.js';
import { logFollowUp } from '../../src/crm/activities/log-follow-up.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { actorFor } from '../support/actor-for.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Chat commands end to end on DingTalk: a signed robot callback through the real Koa route,
 * the inbox, the command runtime on the real database, the outbox and the DingTalk sender,
 * to the simulator's sessionWebhook.
 */
const APP_KEY = 'dingcommandse2e0001';
const ROBOT_TOKEN = 'robot-token';
const ROBOT_AES = 'a'.repeat(43);

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let app: TestApp;
const drainInbox = () => app.service.deps.inbox.drain();
const drainOutbox = () => app.service.deps.outbox.drain();
let wang: StaffDoc;
let li: StaffDoc;

const tenantId = () => app.service.deps.defaultTenantId;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator({ appKey: APP_KEY });
  app = await startTestApp({
    env: { ...dingtalkAppEnv(sim, { token: ROBOT_TOKEN, aesKey: ROBOT_AES }), PUBLIC_BASE_URL: 'https://crm.example.cn' },
  });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'dt-wang', name: '王销售', role: 'sales', departments: ['east'] });
  li = await Staff.create({ tenantId: tenantId(), userId: 'dt-li', name: '李销售', role: 'sales', departments: ['west'] });
  const zhang = await createCustomer(actorFor(wang, 'import'), { name: '张三', company: '星河科技', phones: ['13800138000'], tags: ['VIP'] });
  await logFollowUp(actorFor(wang, 'import'), zhang._id, { content: '第一次电话，介绍了产品', channel: 'phone' });
  await logFollowUp(actorFor(wang, 'import'), zhang._id, { content: '发了报价单', channel: 'email' });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => sim.reset());

function robotCommand(sender: StaffDoc, content: string) {
  const expires = Date.now() + 90 * 60_000;
  const webhook = sim.createSessionWebhook(expires);
  const message = robotMessage({
    msgId: `msg${randomBytes(8).toString('hex')}`,
    senderStaffId: sender.userId,
    senderNick: sender.name,
    text: { content },
    sessionWebhook: webhook.url,
    sessionWebhookExpiredTime: expires,
    robotCode: sim.robotCode,
  });
  return { message, session: webhook.session };
}

function postRobot(body: unknown) {
  const timestamp = String(Date.now());
  return app.request('POST', '/callbacks/dingtalk/robot', { body, headers: { timestamp, sign: computeRobotSign(timestamp, sim.appSecret) } });
}

function visibleText(body: Record<string, unknown> | undefined): string {
  const b = body as { text?: { content?: string }; markdown?: { title?: string; text?: string }; actionCard?: { title?: string; text?: string } } | undefined;
  return [b?.markdown?.title, b?.actionCard?.title, b?.text?.content, b?.markdown?.text, b?.actionCard?.text].filter(Boolean).join('\n');
}

async function send(sender: StaffDoc, content: string) {
  const { message, session } = robotCommand(sender, content);
  const res = await postRobot(message);
  expect(res.status).toBe(200);
  await drainInbox();
  await drainOutbox();
  const mine = sim.sessionMessages.filter((m) => m.session === session);
  expect(mine).toHaveLength(1);
  return mine[0]!.body;
}

describe('DingTalk robot commands end to end', () => {
  test('a signed "/客户 张三" gets the customer card on the sessionWebhook', async () => {
    const body = await send(wang, '@ChatCRM /客户 张三');
    expect(['markdown', 'actionCard']).toContain(body.msgtype);
    const text = visibleText(body);
    expect(text).toContain('张三');
    expect(text).toContain('星河科技');
    expect(text).toContain('潜在');
    expect(text).toContain('王销售');
    expect(text).toContain('VIP');
    expect(text).toContain('发了报价单');
    expect(text).toContain('第一次电话');
    expect(JSON.stringify(body)).toContain('https://crm.example.cn/sidebar/?customerId=');
  });

  test("a salesperson asking for another's client gets \"not found\" and nothing about it", async () => {
    const body = await send(li, '/客户 张三');
    const text = visibleText(body);
    expect(text).toContain('没有找到客户「张三」');
    expect(text).not.toContain('星河科技');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('王销售');
  });

  test('a follow-up from DingTalk is stored under the sender, audited as a command, and confirmed', async () => {
    const before = await Activity.countDocuments({ tenantId: tenantId(), type: 'follow_up' });
    const body = await send(wang, '/跟进 张三 微信确认了需求，3天后回访');
    expect(visibleText(body)).toContain('✅ 已记录跟进：张三');
    expect(await Activity.countDocuments({ tenantId: tenantId(), type: 'follow_up' })).toBe(before + 1);
    const activity = await Activity.findOne({ tenantId: tenantId(), type: 'follow_up' }).sort({ _id: -1 }).lean();
    expect(activity).toMatchObject({ content: '微信确认了需求，3天后回访', channel: 'wechat', source: 'command' });
    expect(String(activity!.authorId)).toBe(String(wang._id));
    const audit = await AuditLog.findOne({ tenantId: tenantId(), action: 'customer.follow_up' }).sort({ _id: -1 }).lean();
    expect(audit).toMatchObject({ source: 'command' });
    expect((await Customer.findOne({ tenantId: tenantId(), name: '张三' }).lean())!.nextFollowUpAt).toBeInstanceOf(Date);
  });

  test('a rejected command from DingTalk writes nothing and says why', async () => {
    const before = await Activity.countDocuments({ tenantId: tenantId() });
    const body = await send(li, '/跟进 张三 电话沟通');
    expect(visibleText(body)).toContain('没有找到客户「张三」');
    expect(await Activity.countDocuments({ tenantId: tenantId() })).toBe(before);
  });
});
