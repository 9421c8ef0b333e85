import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DigestRun } from '../../src/crm/digests/digest-run.js';
import { DigestSubscription } from '../../src/crm/digests/digest-subscription.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Staff } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { contactEventXml, textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { TEST_AES_KEY, TEST_TOKEN } from '../support/simulators/wecom/wecom-test-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Three service instances on one database, each with its own registries and its own
 * startBackground() (inbox and outbox workers, the scheduler with its leases): a stream of WeCom
 * callbacks spread over their HTTP endpoints — a third of them delivered to two instances — and a
 * reminder and a digest falling due. Everything must happen exactly once. The scheduler fires on
 * the minute, so this test waits for the next minute boundary.
 */
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
const apps: TestApp[] = [];
const stops: Array<() => Promise<void>> = [];

const CONTACTS = 12;
const COMMANDS = 6;
const ZONE = 'Asia/Shanghai';

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator();
  const env = {
    WECOM_CORP_ID: sim.corpId,
    WECOM_SECRET: sim.secret,
    WECOM_AGENT_ID: String(sim.agentId),
    WECOM_TOKEN: TEST_TOKEN,
    WECOM_AES_KEY: TEST_AES_KEY,
    WECOM_API_BASE: sim.baseUrl,
  };
  for (let i = 0; i < 3; i++) apps.push(await startTestApp({ env }));
});
afterAll(async () => {
  for (const stop of stops) await stop();
  for (const app of apps) await app.close();
  await sim?.close();
  await db?.drop();
});

test('three instances, one stream: every event handled once, every reply, reminder and digest sent once', { timeout: 180_000 }, async () => {
  const tenantId = apps[0]!.service.deps.defaultTenantId;
  // Every instance found the same default tenant.
  expect(apps.map((a) => String(a.service.deps.defaultTenantId))).toEqual(Array(3).fill(String(tenantId)));
  const cb: CallbackApp = { token: TEST_TOKEN, encodingAesKey: TEST_AES_KEY, corpId: sim.corpId, agentId: sim.agentId };

  // Who's who: sales01 follows the new contacts, cmd01/cmd02 type commands, rem01/rem02 have reminders, boss01 gets the digest.
  for (const userid of ['sales01', 'cmd01', 'cmd02', 'rem01', 'rem02', 'boss01']) {
    sim.addStaff({ userid, name: userid, department: [1] });
    const role = userid === 'boss01' ? 'manager' : 'sales';
    await Staff.create({ tenantId, userId: userid, name: userid, role, departments: ['1'] });
  }
  for (let i = 0; i < CONTACTS; i++) {
    sim.addContact({ external_userid: `wm3inst${i}`, name: `客户${i}`, type: 1 });
    sim.addFollow({ userid: 'sales01', external_userid: `wm3inst${i}`, createtime: 1_700_000_000 + i });
  }

  const now = new Date();
  const rem01 = (await Staff.findOne({ tenantId, userId: 'rem01' }))!;
  const rem02 = (await Staff.findOne({ tenantId, userId: 'rem02' }))!;
  const boss = (await Staff.findOne({ tenantId, userId: 'boss01' }))!;
  await Reminder.create({ tenantId, staffId: rem01._id, dueAt: new Date(now.getTime() - 20_000), text: '回访星河科技', status: 'open', origin: 'manual' });
  await Reminder.create({ tenantId, staffId: rem02._id, dueAt: new Date(now.getTime() - 10_000), text: '寄送合同', status: 'open', origin: 'manual' });
  // A daily digest whose time today has just passed: due at the next scheduler tick on whichever instance leads.
  const time = DateTime.fromJSDate(now, { zone: ZONE }).minus({ minutes: 1 }).toFormat('HH:mm');
  await DigestSubscription.create({ tenantId, recipientId: boss._id, kind: 'daily', schedule: { time, weekdays: [1, 2, 3, 4, 5, 6, 7] }, channel: 'wecom' });

  for (const app of apps) stops.push(await app.service.startBackground());

  const plaintexts = [
    ...Array.from({ length: CONTACTS }, (_, i) =>
      contactEventXml({ corpId: sim.corpId, changeType: 'add_external_contact', userId: 'sales01', externalUserId: `wm3inst${i}`, createTime: 1_700_000_000 + i }),
    ),
    ...Array.from({ length: COMMANDS }, (_, i) =>
      textMessageXml({ corpId: sim.corpId, from: i % 2 === 0 ? 'cmd01' : 'cmd02', content: `/客户 不存在的客户${i}`, msgId: String(randomInt(1, 2 ** 47)), agentId: sim.agentId }),
    ),
  ];
  // Each callback goes to one instance; every third one is also delivered (the very same request) to the next instance.
  const posts = plaintexts.flatMap((plaintext, i) => {
    const signed = buildSignedCallback(cb, plaintext);
    const targets = i % 3 === 0 ? [apps[i % 3]!, apps[(i + 1) % 3]!] : [apps[i % 3]!];
    return targets.map((app) => fetch(app.baseUrl + signed.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: signed.body }));
  });
  const answers = await Promise.all(posts.map(async (p) => ((r) => r.status)(await p)));
  expect(answers.every((status) => status === 200)).toBe(true);
  expect(answers.length).toBe(plaintexts.length + Math.ceil(plaintexts.length / 3));

  // Wait for the workers and the scheduler (next minute boundary) to finish everything.
  const deadline = Date.now() + 150_000;
  const settled = async () =>
    (await InboxEvent.countDocuments({ status: 'done', kind: { $ne: 'domain.event' } })) === plaintexts.length &&
    (await InboxEvent.countDocuments({ status: { $ne: 'done' } })) === 0 &&
    (await Reminder.countDocuments({ notifiedAt: null })) === 0 &&
    (await DigestRun.countDocuments({ status: 'enqueued' })) === 1 &&
    (await OutboxMessage.countDocuments({ status: { $ne: 'sent' } })) === 0;
  while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  // A moment more: anything that would happen twice (a second reminder, a second reply) would show now.
  await new Promise((r) => setTimeout(r, 3_000));

  // Inbox: one event per distinct callback, each done on its first attempt (the CRM's own domain
  // events, relayed to statistics and automation, are in the same inbox and counted apart).
  const events = await InboxEvent.find({ kind: { $ne: 'domain.event' } }).lean();
  expect(events).toHaveLength(plaintexts.length);
  expect(events.every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
  // One timeline entry per contact event.
  for (let i = 0; i < CONTACTS; i++) {
    expect(await Activity.countDocuments({ tenantId, type: 'contact_added', 'data.externalUserId': `wm3inst${i}` })).toBe(1);
  }
  const delivered = (userid: string) => sim.deliveredMessages().filter((m) => m.deliveredTo.includes(userid));
  // Every send attempt, including any WeCom's own duplicate check would have swallowed: a double send shows here.
  const sentTo = (userid: string) => sim.sent.filter((m) => String(m.body.touser).split('|').includes(userid));
  for (const userid of ['cmd01', 'cmd02', 'rem01', 'rem02', 'boss01']) expect(sentTo(userid)).toHaveLength(delivered(userid).length);
  // One reply per command (each names its own customer, so WeCom's duplicate check cannot merge them).
  expect(delivered('cmd01')).toHaveLength(COMMANDS / 2);
  expect(delivered('cmd02')).toHaveLength(COMMANDS / 2);
  // Every reminder once.
  expect(delivered('rem01')).toHaveLength(1);
  expect(delivered('rem02')).toHaveLength(1);
  expect(JSON.stringify(delivered('rem01')[0]!.body)).toContain('回访星河科技');
  expect(await OutboxMessage.countDocuments({ dedupeKey: /^reminder:/ })).toBe(2);
  // The digest once: one run, its parts in the outbox once each, each delivered once.
  const runs = await DigestRun.find({}).lean();
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ status: 'enqueued', kind: 'daily' });
  const parts = runs[0]!.messages!.length;
  expect(parts).toBeGreaterThanOrEqual(1);
  expect(await OutboxMessage.countDocuments({ dedupeKey: /^digest:/ })).toBe(parts);
  expect(delivered('boss01')).toHaveLength(parts);
  // Every outbox message sent, and nothing more reached WeCom than what was counted above.
  expect(await OutboxMessage.countDocuments({ status: 'sent' })).toBe(await OutboxMessage.countDocuments());
  expect(sim.deliveredMessages()).toHaveLength(COMMANDS + 2 + parts + delivered('sales01').length);
});
