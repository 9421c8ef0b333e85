import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { useTestDatabase } from '../support/test-db.js';
import { createManualClock } from '../../src/jobs/clock.js';
import type { Job } from '../../src/jobs/job.js';
import { LeaseModel } from '../../src/jobs/lease.js';
import { createScheduler } from '../../src/jobs/scheduler.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await LeaseModel.deleteMany({});
});

function recordingJob(name: string, log: string[]): Job {
  return {
    name,
    async run({ now, instanceId }) {
      log.push(`${instanceId}@${now.toISOString()}`);
      return log.length;
    },
  };
}

test('three instances ticking at the same minute: one runs each job', async () => {
  const clock = createManualClock('2025-03-14T10:05:00Z');
  const log: string[] = [];
  const instances = ['i1', 'i2', 'i3'].map((instanceId) =>
    createScheduler({ instanceId, clock, jobs: [recordingJob('digests', log)], leaseTtlMs: 90_000 }),
  );
  const outcomes = await Promise.all(instances.map((s) => s.tick()));
  expect(outcomes.map((o) => o.digests!.status).sort()).toEqual(['not_leader', 'not_leader', 'ran']);
  expect(log).toHaveLength(1);
  // The leader keeps the job minute after minute.
  const leader = log[0]!.split('@')[0];
  clock.advance(60_000);
  await Promise.all(instances.map((s) => s.tick()));
  expect(log).toEqual([`${leader}@2025-03-14T10:05:00.000Z`, `${leader}@2025-03-14T10:06:00.000Z`]);
});

test("a crashed leader's jobs move to another instance once its lease expires", async () => {
  const clock = createManualClock('2025-03-14T10:05:00Z');
  const log: string[] = [];
  const a = createScheduler({ instanceId: 'A', clock, jobs: [recordingJob('reminders', log)], leaseTtlMs: 90_000 });
  const b = createScheduler({ instanceId: 'B', clock, jobs: [recordingJob('reminders', log)], leaseTtlMs: 90_000 });
  expect((await a.tick()).reminders).toEqual({ status: 'ran', result: 1 });
  // A crashes (never ticks again). For the lease's lifetime B is kept out…
  clock.advance(60_000);
  expect((await b.tick()).reminders!.status).toBe('not_leader');
  // …then takes over.
  clock.advance(30_000);
  expect((await b.tick()).reminders!.status).toBe('ran');
  expect(log).toEqual(['A@2025-03-14T10:05:00.000Z', 'B@2025-03-14T10:06:30.000Z']);
});

test('stop() releases the leases so another instance takes over at once', async () => {
  const clock = createManualClock('2025-03-14T10:05:00Z');
  const log: string[] = [];
  const a = createScheduler({ instanceId: 'A', clock, jobs: [recordingJob('digests', log)] });
  const b = createScheduler({ instanceId: 'B', clock, jobs: [recordingJob('digests', log)] });
  await a.tick();
  await a.stop();
  expect((await b.tick()).digests!.status).toBe('ran');
});

test('a failing job is reported and does not stop the other jobs; a job still running is not started twice', async () => {
  const clock = createManualClock('2025-03-14T10:05:00Z');
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let slowRuns = 0;
  let started!: () => void;
  const slowStarted = new Promise<void>((r) => (started = r));
  const scheduler = createScheduler({
    instanceId: 'A',
    clock,
    jobs: [
      { name: 'broken', run: async () => Promise.reject(new Error('boom')) },
      { name: 'slow', run: async () => { slowRuns++; started(); await gate; } },
    ],
  });
  const first = scheduler.tick();
  await slowStarted;
  clock.advance(60_000);
  const second = await scheduler.tick();
  expect(second.slow).toEqual({ status: 'busy' });
  release();
  expect(await first).toEqual({ broken: { status: 'failed', error: 'boom' }, slow: { status: 'ran', result: undefined } });
  expect(slowRuns).toBe(1);
});

test('jobs see whether they are still the leader', async () => {
  const clock = createManualClock('2025-03-14T10:05:00Z');
  const seen: boolean[] = [];
  const job: Job = {
    name: 'long',
    async run({ stillLeader }) {
      seen.push(await stillLeader());
      // We stall past the lease; another instance takes the job over.
      clock.advance(120_000);
      await createScheduler({ instanceId: 'B', clock, jobs: [{ name: 'long', run: async () => null }], leaseTtlMs: 90_000 }).tick();
      seen.push(await stillLeader());
    },
  };
  await createScheduler({ instanceId: 'A', clock, jobs: [job], leaseTtlMs: 90_000 }).tick();
  expect(seen).toEqual([true, false]);
});

test('start() lets node-cron trigger tick every minute (pattern with seconds for the test)', async () => {
  const log: string[] = [];
  const scheduler = createScheduler({ instanceId: 'cron', jobs: [recordingJob('digests', log)], cronExpression: '* * * * * *' });
  scheduler.start();
  await new Promise((r) => setTimeout(r, 2_300));
  await scheduler.stop();
  expect(log.length).toBeGreaterThanOrEqual(1);
  const count = log.length;
  await new Promise((r) => setTimeout(r, 1_200));
  expect(log.length).toBe(count);
});
