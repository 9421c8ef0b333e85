import { afterAll, beforeAll, expect, test } from 'vitest';
import { DigestRun } from '../../src/crm/digests/digest-run.js';
import { createDigestJob } from '../../src/jobs/run-due-digests.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { isAlive, spawnFixture, type Fixture } from '../support/spawn-fixture.js';
import { useTestDatabase } from '../support/test-db.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';

// The outbox of this test's one service instance.
const { outbox, senders } = outboxUnderTest();

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let fixture: Fixture | undefined;
let childPid: number | undefined;

beforeAll(async () => {
  db = await useTestDatabase();
  const tenant = await seedTenant('restart');
  for (let i = 1; i <= 5; i++) await seedStaff(tenant._id, `经理${i}`, 'manager', [`部门${i}`]);
});
afterAll(async () => {
  if (childPid && isAlive(childPid)) process.kill(childPid, 'SIGKILL');
  fixture?.child.kill('SIGKILL');
  await db.drop();
});

test('an instance killed (-9) mid-run: a restarted instance resumes it and every digest is enqueued exactly once', { timeout: 90_000 }, async () => {
  const now = sh('2025-03-18 18:06');
  // spawnFixture resolves names under tests/support/fixtures/.
  fixture = spawnFixture('digest-instance', {
    MONGO_URI: db.uri,
    DB_NAME: db.dbName,
    NOW: now.toISOString(),
    BLOCK_AFTER: '2',
  });
  const [, , secondKey, pid] = await fixture.waitForLine(/^ENQUEUED (2) (\S+) (\d+)$/);
  childPid = Number(pid);
  process.kill(childPid, 'SIGKILL');
  await fixture.exited;

  // The dead instance left: one run done, one built and already in the outbox but not recorded as sent, three untouched.
  const before = await DigestRun.find({}).lean();
  expect(before.map((r) => r.status).sort()).toEqual(['built', 'enqueued']);
  expect(await OutboxMessage.countDocuments()).toBe(2);
  const stuck = before.find((r) => r.status === 'built')!;
  expect(secondKey).toBe(`digest:${String(stuck._id)}:1/1`);

  const job = createDigestJob({ defaultChannel: 'wecom', outbox, renderers: renderersUnderTest() });
  // Within the stale window the stuck run is left alone (its owner might still be alive)…
  const early = await job.run({ now: new Date(now.getTime() + 60_000), instanceId: 'restarted', stillLeader: async () => true });
  expect(early).toMatchObject({ built: 3, resumed: 0, enqueued: 3 });
  // …after it, the restarted instance resumes it with the stored messages (same dedupe keys).
  const late = await job.run({ now: new Date(now.getTime() + 3 * 60_000), instanceId: 'restarted', stillLeader: async () => true });
  expect(late).toMatchObject({ built: 0, resumed: 1, enqueued: 1 });

  const runs = await DigestRun.find({}).lean();
  expect(runs).toHaveLength(5);
  expect(runs.every((r) => r.status === 'enqueued')).toBe(true);
  expect(runs.find((r) => String(r._id) === String(stuck._id))!.attempts).toBe(2);
  const messages = await OutboxMessage.find({}).lean();
  expect(messages).toHaveLength(5);
  expect(new Set(messages.map((m) => m.dedupeKey)).size).toBe(5);
  expect(new Set(messages.map((m) => (m.to as { platformUserId: string }).platformUserId)).size).toBe(5);
  // Nothing more to do, however often it runs again.
  const again = await job.run({ now: new Date(now.getTime() + 10 * 60_000), instanceId: 'other', stillLeader: async () => true });
  expect(again).toMatchObject({ due: 0, built: 0, enqueued: 0 });
  expect(await OutboxMessage.countDocuments()).toBe(5);
});
