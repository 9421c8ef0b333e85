import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { replyDedupeKey } from '../../src/features/commands/handle-command-event.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { actorFor } from '../support/actor-for.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Chat commands end to end on WeCom: an encrypted, signed app message through the real callback
 * route, the inbox, the command runtime on the real database, the outbox and message/send to the
 * WeCom simulator.
 */
const CORP_ID = 'wwcommandse2e0001';
const AGENT_ID = 1000009;
const wecom: CallbackApp = { token: 'commandsE2eToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corpId: CORP_ID, agentId: AGENT_ID };
const ZONE = 'Asia/Shanghai';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let app: TestApp;
const drainInbox = () => app.service.deps.inbox.drain();
const drainOutbox = () => app.service.deps.outbox.drain();
let wang: StaffDoc;
let li: StaffDoc;

const tenantId = () => app.service.deps.defaultTenantId;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator({ corpId: CORP_ID, agentId: AGENT_ID });
  app = await startTestApp({
    env: {
      WECOM_CORP_ID: CORP_ID,
      WECOM_AGENT_ID: String(AGENT_ID),
      WECOM_SECRET: sim.secret,
      WECOM_TOKEN: wecom.token,
      WECOM_AES_KEY: wecom.encodingAesKey,
      WECOM_API_BASE: sim.baseUrl,
      PUBLIC_BASE_URL: 'https://crm.example.cn',
    },
  });
  sim.addStaff({ userid: 'wang', name: '王销售', department: [1] });
  sim.addStaff({ userid: 'li', name: '李销售', department: [2] });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'wang', name: '王销售', role: 'sales', departments: ['1'] });
  li = await Staff.create({ tenantId: tenantId(), userId: 'li', name: '李销售', role: 'sales', departments: ['2'] });
  await createCustomer(actorFor(wang, 'import'), { name: '张三', company: '星河科技', phones: ['13800138000'] });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => {
  sim.sent.length = 0;
});

/** Posts an encrypted text message from `from`; returns the HTTP answer and how long it took. */
async function postText(from: StaffDoc, content: string) {
  const msgId = String(randomInt(1, 2 ** 47));
  const signed = buildSignedCallback(wecom, textMessageXml({ corpId: CORP_ID, from: from.userId, content, msgId, agentId: AGENT_ID }));
  const started = Date.now();
  const res = await app.request('POST', signed.path, { rawBody: signed.body, headers: { 'content-type': 'text/xml' } });
  return { res, ms: Date.now() - started, msgId };
}

function sentText(body: Record<string, unknown>): string {
  const b = body as { text?: { content?: string }; markdown?: { content?: string }; textcard?: { title?: string; description?: string } };
  return [b.text?.content, b.markdown?.content, b.textcard?.title, b.textcard?.description].filter(Boolean).join('\n');
}

async function runAndCollect(from: StaffDoc, content: string) {
  const { res, ms } = await postText(from, content);
  expect(res.status).toBe(200);
  expect(ms).toBeLessThan(5_000);
  await drainInbox();
  await drainOutbox();
  const mine = sim.deliveredMessages().filter((m) => m.deliveredTo.includes(from.userId));
  expect(mine.length).toBeGreaterThanOrEqual(1);
  return sentText(mine[mine.length - 1]!.body);
}

describe('WeCom app-message commands end to end', () => {
  test('"/跟进 张三 电话沟通，对报价满意，下周二再联系" stores the follow-up, sets next Tuesday (Asia/Shanghai) and the reply reaches the simulator', async () => {
    const before = await Activity.countDocuments({ tenantId: tenantId(), type: 'follow_up' });
    const reply = await runAndCollect(wang, '/跟进 张三 电话沟通，对报价满意，下周二再联系');

    const nextTuesday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1, days: 1 }).set({ hour: 9 });
    expect(reply).toContain('已记录跟进：张三');
    expect(reply).toContain(`${nextTuesday.month}月${nextTuesday.day}日（周二）`);

    expect(await Activity.countDocuments({ tenantId: tenantId(), type: 'follow_up' })).toBe(before + 1);
    const activity = await Activity.findOne({ tenantId: tenantId(), type: 'follow_up' }).sort({ _id: -1 }).lean();
    expect(activity).toMatchObject({ content: '电话沟通，对报价满意，下周二再联系', channel: 'phone', source: 'command' });
    expect(String(activity!.authorId)).toBe(String(wang._id));
    const customer = await Customer.findOne({ tenantId: tenantId(), name: '张三' }).lean();
    expect(DateTime.fromJSDate(customer!.nextFollowUpAt!, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')).toBe(nextTuesday.toFormat('yyyy-MM-dd 09:00'));
    expect(DateTime.fromJSDate(customer!.nextFollowUpAt!, { zone: ZONE }).weekday).toBe(2);
    expect(await AuditLog.findOne({ tenantId: tenantId(), action: 'customer.follow_up' }).sort({ _id: -1 }).lean()).toMatchObject({ source: 'command' });
  });

  test("a salesperson asking for another's client gets \"not found\" and learns nothing about it", async () => {
    const reply = await runAndCollect(li, '/客户 张三');
    expect(reply).toContain('没有找到客户「张三」');
    expect(reply).not.toContain('星河科技');
    expect(reply).not.toContain('13800138000');
  });

  test('the owner gets the card; a duplicate callback is answered once', async () => {
    const msgId = String(randomInt(1, 2 ** 47));
    const xml = textMessageXml({ corpId: CORP_ID, from: 'wang', content: '／客户　张三', msgId, agentId: AGENT_ID });
    for (let i = 0; i < 2; i += 1) {
      const signed = buildSignedCallback(wecom, xml);
      expect((await app.request('POST', signed.path, { rawBody: signed.body, headers: { 'content-type': 'text/xml' } })).status).toBe(200);
    }
    await drainInbox();
    await drainOutbox();
    const mine = sim.deliveredMessages().filter((m) => m.deliveredTo.includes('wang'));
    expect(mine).toHaveLength(1);
    const text = sentText(mine[0]!.body);
    expect(text).toContain('张三');
    expect(text).toContain('星河科技');
  });

  test('callback received → reply queued is measured on the reply to that very event', async () => {
    // Another command's event and reply are in the queues too: the correlation must pick ours.
    await postText(li, '/帮助');
    const { msgId } = await postText(wang, '/待办');
    await postText(li, '/待办');
    await drainInbox();
    const event = await InboxEvent.findOne({ tenantId: String(tenantId()), kind: 'command', 'payload.msgId': msgId }).lean();
    expect(event).toMatchObject({ dedupeKey: `msg:${msgId}`, actor: { platformUserId: 'wang' }, status: 'done' });
    const reply = await OutboxMessage.findOne({ tenantId: String(tenantId()), dedupeKey: replyDedupeKey(event!.dedupeKey) }).lean();
    expect(reply).toMatchObject({ platform: 'wecom', to: { type: 'user', platformUserId: 'wang' } });
    const ms = reply!.createdAt!.getTime() - new Date(event!.receivedAt).getTime();
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(5_000);
    // Exactly one reply per event: li's two commands got theirs, under their own keys.
    expect(await OutboxMessage.countDocuments({ tenantId: String(tenantId()), 'to.platformUserId': 'li', createdAt: { $gte: event!.receivedAt } })).toBe(2);
  });
});
