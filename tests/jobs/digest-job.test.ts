import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { DingTalkRuntime } from '../../src/channels/dingtalk/dingtalk-settings.js';
import { createDingTalkSender } from '../../src/channels/dingtalk/send-dingtalk-message.js';
import { DigestRun } from '../../src/crm/digests/digest-run.js';
import { DigestSubscription } from '../../src/crm/digests/digest-subscription.js';
import { createManualClock } from '../../src/jobs/clock.js';
import { LeaseModel } from '../../src/jobs/lease.js';
import { createDigestJob } from '../../src/jobs/run-due-digests.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { enqueueOutbound } from '../../src/queue/outbox/enqueue-outbound.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import type { OutboundMessage } from '../../src/messaging/outbound-message.js';
import { seedCustomer, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
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
const users: Record<string, string> = {};

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator();
  const tenant = await seedTenant('digest-job');
  runtime = dingtalkRuntimeOnSimulator(sim, tenant._id);
  // The real DingTalk channel sender, talking to the simulator.
  unregister = senders.add('dingtalk', createDingTalkSender(() => runtime));
  const M1 = await seedStaff(tenant._id, '东经理', 'manager', ['东']);
  const M2 = await seedStaff(tenant._id, '西经理', 'manager', ['西']);
  const M3 = await seedStaff(tenant._id, '南经理', 'manager', ['南']);
  const S1 = await seedStaff(tenant._id, '东销售', 'sales', ['东']);
  const S2 = await seedStaff(tenant._id, '西销售', 'sales', ['西']);
  await seedStaff(tenant._id, '管理员', 'admin', []);
  await seedStaff(tenant._id, '离职经理', 'manager', ['东'], { active: false });
  Object.assign(users, { M1: M1.userId, M2: M2.userId, M3: M3.userId, S1: S1.userId, S2: S2.userId });
  // M3 opted out of the daily digest (keeps the weekly one).
  await DigestSubscription.create({
    tenantId: tenant._id,
    recipientId: M3._id,
    kind: 'daily',
    schedule: { time: '18:05', weekdays: [1, 2, 3, 4, 5, 6, 7] },
    channel: 'dingtalk',
    enabled: false,
  });
  // S1 has a follow-up due; S2 has nothing, so S2's morning list is skipped, not sent empty.
  await seedCustomer(tenant._id, S1._id, '待跟进客户', { nextFollowUpAt: sh('2025-03-17 10:00'), stage: 'intent' });
});
afterAll(async () => {
  unregister();
  await sim.close();
  await db.drop();
});
beforeEach(async () => {
  sim.reset();
  await Promise.all([DigestRun.deleteMany({}), OutboxMessage.deleteMany({}), LeaseModel.deleteMany({})]);
});

function recipientsOf(notices: DingTalkSimulator['workNotices']): string[] {
  return notices.flatMap((n) => n.delivered).sort();
}

test('three scheduler instances ticking every minute send each digest once; a failed send is retried and delivered once', async () => {
  const clock = createManualClock(sh('2025-03-17 09:00')); // Monday
  const instances = ['i1', 'i2', 'i3'].map((instanceId) =>
    createScheduler({ instanceId, clock, jobs: [createDigestJob({ defaultChannel: 'dingtalk', outbox, renderers: renderersUnderTest(), logger })], leaseTtlMs: 90_000 }),
  );
  const tickAll = () => Promise.all(instances.map((s) => s.tick(clock.now())));
  for (const start of ['2025-03-17 09:00', '2025-03-17 18:00']) {
    clock.set(sh(start));
    for (let minute = 0; minute <= 10; minute++) {
      await tickAll();
      clock.advance(60_000);
    }
  }
  const runs = await DigestRun.find({}).lean();
  expect(runs.map((r) => `${r.kind}:${r.status}`).sort()).toEqual([
    'daily:enqueued', 'daily:enqueued',
    'morning:enqueued', 'morning:skipped',
    'weekly:enqueued', 'weekly:enqueued', 'weekly:enqueued',
  ]);
  expect(runs.find((r) => r.kind === 'weekly')!.periodKey).toBe('2025-W11');
  expect(runs.find((r) => r.kind === 'daily')!.scheduledFor).toEqual(sh('2025-03-17 18:05'));
  expect(await OutboxMessage.countDocuments()).toBe(6);

  // The first work notification is refused (DingTalk throttling, which its client does not retry itself);
  // the outbox retries it later.
  sim.injectErrors('/topapi/message/corpconversation/asyncsend_v2', 'throttled');
  const outboxClock = createManualClock(sh('2025-03-17 18:11'));
  const options = { now: outboxClock.now, backoff: { baseMs: 1_000, maxMs: 10_000 }, logger };
  await outbox.drain(options);
  expect(await OutboxMessage.countDocuments({ status: 'pending' })).toBe(1);
  expect(await OutboxMessage.countDocuments({ status: 'sent' })).toBe(5);
  outboxClock.advance(10 * 60_000);
  await outbox.drain(options);
  expect(await OutboxMessage.countDocuments({ status: 'sent' })).toBe(6);
  outboxClock.advance(3600_000);
  expect(await outbox.drain(options)).toBe(0);

  expect(sim.pendingErrors()).toBe(0);
  expect(recipientsOf(sim.workNotices)).toEqual(
    [users.M1, users.M1, users.M2, users.M2, users.M3, users.S1].sort(),
  );
  const titles = sim.workNotices.map((n) => (n.msg as { markdown?: { title?: string } }).markdown?.title).sort();
  expect(titles).toEqual(['今日待联系 3月17日（周一）', '销售周报 3/10–3/16', '销售周报 3/10–3/16', '销售周报 3/10–3/16', '销售日报 3月17日（周一）', '销售日报 3月17日（周一）'].sort());
});

test('exactly once does not rest on the lease: three instances running the job at once (split brain) still claim each run once', async () => {
  const job = createDigestJob({ defaultChannel: 'dingtalk', outbox, renderers: renderersUnderTest(), logger });
  const now = sh('2025-03-17 18:06');
  const reports = await Promise.all(
    ['a', 'b', 'c'].map((instanceId) => job.run({ now, instanceId, stillLeader: async () => true })),
  );
  expect(reports.reduce((n, r) => n + r.built, 0)).toBe(2);
  expect(await DigestRun.countDocuments({ kind: 'daily' })).toBe(2);
  // At 18:06 only the daily digests are due (the weekly and morning runs are past their catch-up windows).
  expect(await DigestRun.countDocuments()).toBe(2);
  expect(await OutboxMessage.countDocuments()).toBe(2);
});
