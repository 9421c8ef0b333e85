import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { DigestRun } from '../../src/crm/digests/digest-run.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { createDigestJob } from '../../src/jobs/run-due-digests.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { seedStaff, sh } from '../support/seed-digest-data.js';
import { useTestDatabase } from '../support/test-db.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';

// The outbox of this test's one service instance.
const { outbox, senders } = outboxUnderTest();

let db: Awaited<ReturnType<typeof useTestDatabase>>;
const job = createDigestJob({ defaultChannel: 'wecom', outbox, renderers: renderersUnderTest(), dashboardUrl: 'https://crm.example.com/sidebar/dashboard.html' });
const runAt = (now: Date) => job.run({ now, instanceId: 'solo', stillLeader: async () => true });

beforeAll(async () => {
  db = await useTestDatabase();
  const shanghai = await Tenant.create({ slug: 'sh', name: 'Shanghai', timezone: 'Asia/Shanghai' });
  const newYork = await Tenant.create({ slug: 'ny', name: 'New York', timezone: 'America/New_York' });
  await seedStaff(shanghai._id, '上海经理', 'manager', ['沪']);
  await seedStaff(newYork._id, 'NY Manager', 'manager', ['NY']);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await Promise.all([DigestRun.deleteMany({}), OutboxMessage.deleteMany({})]);
});

test('each tenant gets its digest at 18:05 on its own clock', async () => {
  expect((await runAt(sh('2025-03-18 18:04'))).built).toBe(0);
  expect((await runAt(sh('2025-03-18 18:05'))).built).toBe(1);
  const ny = DateTime.fromObject({ year: 2025, month: 3, day: 18, hour: 18, minute: 5 }, { zone: 'America/New_York' }).toJSDate();
  expect((await runAt(ny)).built).toBe(1);
  const runs = await DigestRun.find({}).sort({ scheduledFor: 1 }).lean();
  expect(runs.map((r) => [r.timezone, r.periodKey, r.scheduledFor.toISOString()])).toEqual([
    ['Asia/Shanghai', '2025-03-18', '2025-03-18T10:05:00.000Z'],
    ['America/New_York', '2025-03-18', '2025-03-18T22:05:00.000Z'], // EDT, UTC−4
  ]);
  const message = await OutboxMessage.findOne({ tenantId: String((await Tenant.findOne({ slug: 'sh' }))!._id) }).lean();
  expect(message!.body).toMatchObject({ type: 'markdown', title: '销售日报 3月18日（周二）' });
  expect((message!.body as { markdown: string }).markdown).toContain('[查看团队看板](https://crm.example.com/sidebar/dashboard.html)');
});

test('instances down at 18:05 catch up later that evening, but a digest hours stale is not sent at night', async () => {
  expect((await runAt(sh('2025-03-19 21:40'))).built).toBe(1);
  await DigestRun.deleteMany({});
  expect((await runAt(sh('2025-03-19 23:06'))).built).toBe(0);
});
