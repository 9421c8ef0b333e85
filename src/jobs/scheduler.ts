import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';
import { keepLockAlive } from '../queue/lock-heartbeat.js';
import { systemClock, type Clock } from './clock.js';
import type { Job } from './job.js';
import { acquireLease, releaseLease, renewLease, type LeaseGrant } from './lease.js';

export type JobOutcome =
  | { status: 'ran'; result: unknown }
  | { status: 'failed'; error: string }
  | { status: 'not_leader' }
  /** This instance is still running the previous tick of the job. */
  | { status: 'busy' };

export interface SchedulerOptions {
  /** Unique per process (host, pid, random): two processes must never share it. */
  instanceId: string;
  jobs: Job[];
  clock?: Clock;
  /** A leader that stops renewing (crash, hang) loses its jobs after this long. */
  leaseTtlMs?: number;
  /** Every minute by default; each job works out which digests and reminders are due at `now`. */
  cronExpression?: string;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface Scheduler {
  /** Runs every job whose lease this instance holds or can take, for the instant `now`. */
  tick(now?: Date): Promise<Record<string, JobOutcome>>;
  /** Lets node-cron call `tick` every minute. */
  start(): void;
  /** Stops triggering, waits for running jobs, and releases our leases so another instance takes over at once. */
  stop(): Promise<void>;
}

export const JOB_LEASE_PREFIX = 'job:';

export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.leaseTtlMs ?? 90_000;
  const running = new Map<string, Promise<JobOutcome>>();
  const grants = new Map<string, LeaseGrant>();
  const tasks: ScheduledTask[] = [];

  async function runJob(job: Job, now: Date): Promise<JobOutcome> {
    const grant = await acquireLease(JOB_LEASE_PREFIX + job.name, options.instanceId, ttlMs, now);
    if (!grant) {
      grants.delete(job.name);
      return { status: 'not_leader' };
    }
    grants.set(job.name, grant);
    // Long runs keep the lease alive; the interval is wall time because a hang is wall time too.
    let lost = false;
    const stopHeartbeat = keepLockAlive(
      ttlMs,
      async () => {
        if (!(await renewLease(grant, ttlMs, clock.now()))) lost = true;
      },
      (error) => options.logger?.warn({ job: job.name, err: error }, 'could not renew the job lease'),
    );
    try {
      const result = await job.run({
        now,
        instanceId: options.instanceId,
        stillLeader: async () => !lost && (await renewLease(grant, ttlMs, clock.now())),
      });
      return { status: 'ran', result };
    } catch (error) {
      options.logger?.error({ job: job.name, err: error }, 'scheduled job failed');
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      stopHeartbeat();
    }
  }

  function runOnce(job: Job, now: Date): Promise<JobOutcome> {
    const previous = running.get(job.name);
    if (previous) return Promise.resolve({ status: 'busy' });
    const run = runJob(job, now).finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  }

  async function tick(now: Date = clock.now()): Promise<Record<string, JobOutcome>> {
    const outcomes = await Promise.all(
      options.jobs.map(async (job) => {
        try {
          return [job.name, await runOnce(job, now)] as const;
        } catch (error) {
          // The lease itself could not be read (database down): try again next minute.
          options.logger?.warn({ job: job.name, err: error }, 'could not take the job lease');
          return [job.name, { status: 'failed', error: String(error) } as JobOutcome] as const;
        }
      }),
    );
    return Object.fromEntries(outcomes);
  }

  return {
    tick,
    start() {
      if (tasks.length > 0) return;
      tasks.push(
        cron.schedule(
          options.cronExpression ?? '* * * * *',
          async () => {
            // No node-cron overlap guard: a slow digest run must not hold reminders back;
            // each job has its own in-process guard (status 'busy') instead.
            await tick(clock.now());
          },
          { name: `chatcrm-scheduler-${options.instanceId}` },
        ),
      );
    },
    async stop() {
      for (const task of tasks.splice(0)) await task.destroy();
      await Promise.allSettled([...running.values()]);
      await Promise.allSettled([...grants.values()].map((grant) => releaseLease(grant)));
      grants.clear();
    },
  };
}
