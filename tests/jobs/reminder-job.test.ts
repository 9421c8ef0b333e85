import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { DingTalkRuntime } from '../../src/channels/dingtalk/dingtalk-settings.js';
import { createDingTalkSender } from '../../src/channels/dingtalk/send-dingtalk-message.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { createManualClock } from '../../src/jobs/clock.js';
import { LeaseModel } from '../../src/jobs/lease.js';
import { OnceMarker } from '../../src/jobs/once-markers.js';
import { createReminderJob } from '../../src/jobs/run-reminders.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { seedCustomer, seedReminder, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { useTestDatabase } from '../support/test-db.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { dingtalkRuntimeOnSimulator } from '../support/simulators/dingtalk/dingtalk-runtime-on-simulator.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';

// The outbox of this test's one service instance.
const { outbox, senders } = outboxUnderTest();

const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let runtime: DingTalkRuntime;
let unregister: () => void;
let tenantId: import('mongoose').Types.ObjectId;
let staff: { _id: import('mongoose').Types.ObjectId; userId: string };

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator();
  const tenant = await seedTenant('reminders');
  tenantId = tenant._id;
  runtime = dingtalkRuntimeOnSimulator(sim, tenantId);
  unregister = senders.add('dingtalk', createDingTalkSender(() => runtime));
  staff = await seedStaff(tenantId, '提醒人', 'sales', ['东']);
});
afterAll(async () => {
  unregister();
  await sim.close();
  await db.drop();
});
beforeEach(async () => {
  sim.reset();
  await Promise.all([
    Reminder.deleteMany({}),
    OutboxMessage.deleteMany({}),
    LeaseModel.deleteMany({}),
    OnceMarker.deleteMany({}),
    Customer.deleteMany({}),
  ]);
});

const texts = () => sim.workNotices.map((n) => (n.msg as { text?: { content?: string } }).text?.content ?? '');

test('reminders fire at their minute, once, with three instances ticking', async () => {
  const customer = await seedCustomer(tenantId, staff._id, '星河科技');
  await seedReminder(tenantId, staff._id, new Date(sh('2025-03-18 10:06').getTime() + 59_000), '早一点的');
  await seedReminder(tenantId, staff._id, new Date(sh('2025-03-18 10:07').getTime() + 30_000), '回访报价', { customerId: customer._id });
  await seedReminder(tenantId, staff._id, sh('2025-03-18 10:08'), '发合同');
  await seedReminder(tenantId, staff._id, sh('2025-03-18 10:07'), '已完成的', { status: 'done' });

  const clock = createManualClock(sh('2025-03-18 10:05'));
  const job = () => createReminderJob({ defaultChannel: 'dingtalk', renderers: renderersUnderTest(), outbox, logger });
  const instances = ['r1', 'r2', 'r3'].map((instanceId) => createScheduler({ instanceId, clock, jobs: [job()] }));
  const enqueuedAt: Record<string, string[]> = {};
  for (let minute = 0; minute < 5; minute++) {
    await Promise.all(instances.map((s) => s.tick(clock.now())));
    const keys = (await OutboxMessage.find({}).lean()).map((m) => (m.body as { text: string }).text.split('\n')[0]!);
    enqueuedAt[clock.now().toISOString()] = keys;
    clock.advance(60_000);
  }
  expect(enqueuedAt).toEqual({
    [sh('2025-03-18 10:05').toISOString()]: [],
    [sh('2025-03-18 10:06').toISOString()]: ['⏰ 提醒：早一点的'],
    [sh('2025-03-18 10:07').toISOString()]: ['⏰ 提醒：早一点的', '⏰ 提醒：回访报价'],
    [sh('2025-03-18 10:08').toISOString()]: ['⏰ 提醒：早一点的', '⏰ 提醒：回访报价', '⏰ 提醒：发合同'],
    [sh('2025-03-18 10:09').toISOString()]: ['⏰ 提醒：早一点的', '⏰ 提醒：回访报价', '⏰ 提醒：发合同'],
  });
  expect(await Reminder.countDocuments({ notifiedAt: { $ne: null } })).toBe(3);

  // The outbox sends each at its due second.
  const options = { now: () => new Date(sh('2025-03-18 10:07').getTime() + 29_000), logger };
  expect(await outbox.drain(options)).toBe(1);
  expect(await outbox.drain({ ...options, now: () => new Date(sh('2025-03-18 10:07').getTime() + 30_000) })).toBe(1);
  expect(await outbox.drain({ ...options, now: () => sh('2025-03-18 10:08') })).toBe(1);
  expect(await outbox.drain({ ...options, now: () => sh('2025-03-18 12:00') })).toBe(0);
  expect(sim.workNotices.flatMap((n) => n.delivered)).toEqual([staff.userId, staff.userId, staff.userId]);
  expect(texts()[1]).toBe('⏰ 提醒：回访报价\n客户：星河科技（' + customer.code + '）\n时间：3月18日 10:07');
});

test('reminders set long ago and missed while down are not sent a day late', async () => {
  await seedReminder(tenantId, staff._id, sh('2025-03-16 10:00'), '前天的');
  await seedReminder(tenantId, staff._id, sh('2025-03-18 09:00'), '一小时前的');
  const report = await createReminderJob({ defaultChannel: 'dingtalk', renderers: renderersUnderTest(), outbox }).run({
    now: sh('2025-03-18 10:00'),
    instanceId: 'x',
    stillLeader: async () => true,
  });
  expect(report.enqueued).toBe(1);
  expect((await OutboxMessage.findOne({}).lean())!.body).toMatchObject({ text: expect.stringContaining('一小时前的') });
});

test('contact cycles become reminders once a day, at the lapse; a contact in between cancels it', async () => {
  const lapsingToday = await seedCustomer(tenantId, staff._id, '今天到期', { contactCycleDays: 7, lastContactAt: sh('2025-03-11 14:23'), stage: 'intent' });
  const lapsedYesterday = await seedCustomer(tenantId, staff._id, '昨天到期', { contactCycleDays: 3, lastContactAt: sh('2025-03-14 20:00'), stage: 'intent' });
  const contactedLater = await seedCustomer(tenantId, staff._id, '中途联系', { contactCycleDays: 5, lastContactAt: sh('2025-03-13 12:00'), stage: 'intent' });
  await seedCustomer(tenantId, staff._id, '已成交', { contactCycleDays: 1, lastContactAt: sh('2025-03-17 10:00'), stage: 'won' });
  await seedCustomer(tenantId, staff._id, '明天到期', { contactCycleDays: 7, lastContactAt: sh('2025-03-12 10:00'), stage: 'intent' });
  const job = createReminderJob({ defaultChannel: 'dingtalk', renderers: renderersUnderTest(), outbox, logger });
  const run = (local: string) => job.run({ now: sh(local), instanceId: 'x', stillLeader: async () => true });

  expect((await run('2025-03-18 08:49')).cycleRemindersCreated).toBe(0);
  const sweep = await run('2025-03-18 08:50');
  expect(sweep.cycleRemindersCreated).toBe(3);
  expect((await run('2025-03-18 08:51')).cycleRemindersCreated).toBe(0);
  const reminders = await Reminder.find({ origin: 'contact_cycle' }).sort({ dueAt: 1 }).lean();
  expect(reminders.map((r) => [String(r.customerId), r.dueAt.toISOString()])).toEqual([
    [String(lapsedYesterday._id), sh('2025-03-18 08:50').toISOString()],
    [String(contactedLater._id), sh('2025-03-18 12:00').toISOString()],
    [String(lapsingToday._id), sh('2025-03-18 14:23').toISOString()],
  ]);
  // The overdue one went out with the sweep's minute.
  expect(sweep.enqueued).toBe(1);
  expect(await AuditLog.countDocuments({ action: 'reminder.create', tenantId })).toBe(3);

  // Someone calls the customer at 10:00: the 12:00 cycle reminder is moot.
  await Customer.updateOne({ _id: contactedLater._id }, { $set: { lastContactAt: sh('2025-03-18 10:00') } });
  const noon = await run('2025-03-18 12:00');
  expect(noon).toMatchObject({ enqueued: 0, cancelled: 1 });
  const afternoon = await run('2025-03-18 14:23');
  expect(afternoon.enqueued).toBe(1);
  const bodies = (await OutboxMessage.find({}).sort({ nextAttemptAt: 1 }).lean()).map((m) => (m.body as { text: string }).text);
  expect(bodies).toHaveLength(2);
  expect(bodies[0]).toContain('联系周期（3 天）到了，请联系 昨天到期');
  expect(bodies[1]).toContain('联系周期（7 天）到了，请联系 今天到期');
  expect(bodies[1]).toContain('（按联系周期自动提醒）');
});

test('a DingTalk reminder to a WeCom-first staff member is addressed to their linked DingTalk id', async () => {
  const linked = await seedStaff(tenantId, '双平台', 'sales', ['东'], { dingtalkUserId: 'dt-both' });
  await seedReminder(tenantId, linked._id, sh('2025-03-18 09:59'), '给钉钉的');
  const report = await createReminderJob({ defaultChannel: 'dingtalk', renderers: renderersUnderTest(), outbox }).run({ now: sh('2025-03-18 10:00'), instanceId: 'x', stillLeader: async () => true });
  expect(report.enqueued).toBe(1);
  expect((await OutboxMessage.findOne({}).lean())!.to).toEqual({ type: 'user', platformUserId: 'dt-both' });
});
