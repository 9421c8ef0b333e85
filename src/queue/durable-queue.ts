import type { Model } from 'mongoose';
import { InvalidInput } from '../errors.js';
import type { Logger } from '../logger.js';
import { claimDue } from './claim-due.js';
import { describeFailure } from './describe-failure.js';
import { keepClaimAlive } from './keep-claim-alive.js';
import { startPollingWorker, type PollingWorker } from './polling-worker.js';
import type { ClaimFilter, QueueItemDoc } from './queue-item.js';
import { newClaimToken, resolveQueueOptions, type QueueOptions, type ResolvedQueueOptions } from './queue-options.js';
import { requeueDead } from './requeue-dead.js';
import { retryDelayMs } from './retry-backoff.js';
import { settleAbandoned, settleFailure } from './settle-failure.js';
import { createWakeSignal, type WakeSignal } from './wake-signal.js';
import { withTimeout } from './with-timeout.js';

/** What one queue (the inbox, the outbox) adds to the shared claim → work → settle loop. */
export interface QueueSpec<D extends QueueItemDoc, R> {
  /** 'inbox' | 'outbox': names logs, errors and admin messages. */
  name: string;
  /** Where the queue logs when a call (drain, worker) names no logger: the service's. */
  logger: Logger;
  /** Singular noun for errors ('inbox event'); `rule` completes "only dead …" ('events can be replayed'). */
  itemName: string;
  requeueRule: string;
  model: Model<D>;
  /** The status of a claimed item ('processing', 'sending'). */
  busyStatus: string;
  /** Log bindings for one item. */
  describe(doc: D): Record<string, unknown>;
  /** The item's work. Resolve → finished; throw → retried or dead (see isPermanent). */
  work(doc: D, log: Logger): Promise<R>;
  /** Records success on the item this claim holds. */
  finish(doc: D, result: R, mine: ClaimFilter, now: Date, log: Logger): Promise<void>;
  /** No retry can help: dead at once. `InvalidInput` always counts as permanent. */
  isPermanent(error: unknown): boolean;
  /** A failure that says when to retry (rate limits); otherwise the backoff decides. */
  retryAfterMs?(error: unknown): number | undefined;
}

export interface WorkerOptions extends QueueOptions {
  /** Items handled in parallel by this process. Default 4. */
  concurrency?: number;
  /** Idle wait between polls. Default 1 s (work accepted by this process wakes it at once). */
  pollMs?: number;
}

export interface DurableQueue {
  /** Wakes this instance's idle workers; other instances find the work by polling. */
  readonly wake: WakeSignal;
  /** Claims one due item and runs it; false when nothing was due. */
  processOnce(options?: QueueOptions): Promise<boolean>;
  /** Runs due items until none is due (items rescheduled into the future wait); returns how many. For tests and scripts. */
  drain(options?: QueueOptions & { max?: number }): Promise<number>;
  /** Runs the queue in the background; `stop()` lets the items in hand finish. */
  startWorker(options?: WorkerOptions): PollingWorker;
  /** Gives a dead item of this tenant a fresh set of attempts (admin action after fixing the cause). */
  requeueDead(tenantId: string, id: string, now?: Date): Promise<void>;
}

/**
 * One durable queue over one collection: atomic claims (several instances side by side), a
 * renewed lock while the work runs, retries with backoff, dead letters after `maxAttempts`, and
 * replay. Delivery is at least once: the work must be idempotent.
 */
export function createDurableQueue<D extends QueueItemDoc, R>(spec: QueueSpec<D, R>): DurableQueue {
  const wake = createWakeSignal();

  async function runNext(o: ResolvedQueueOptions): Promise<boolean> {
    const token = newClaimToken(o.workerId);
    const doc = await claimDue(spec.model, spec.busyStatus, o.now(), o.lockMs, token);
    if (!doc) return false;
    await runClaimed(doc, token, o);
    return true;
  }

  async function runClaimed(doc: D, token: string, o: ResolvedQueueOptions): Promise<void> {
    const log = o.logger.child({ ...spec.describe(doc), tenantId: doc.tenantId, attempt: doc.attempts });
    const mine: ClaimFilter = { _id: doc._id, status: spec.busyStatus, lockedBy: token };

    if (doc.attempts > o.maxAttempts) {
      await settleAbandoned(spec.model, mine, doc.lastError);
      log.warn(`${spec.name} item dead: every attempt was abandoned by its worker`);
      return;
    }

    const stopHeartbeat = keepClaimAlive(spec.model, mine, o, (error) => log.warn({ err: describeFailure(error) }, `could not renew the ${spec.name} lock`));
    let outcome: { ok: true; result: R } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await withTimeout(spec.work(doc, log), o.timeoutMs, `${spec.name} work`) };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      stopHeartbeat();
    }

    if (outcome.ok) {
      await spec.finish(doc, outcome.result, mine, o.now(), log);
      return;
    }
    const failure = outcome.error;
    const permanent = failure instanceof InvalidInput || spec.isPermanent(failure);
    const settled = await settleFailure(spec.model, mine, {
      lastError: describeFailure(failure),
      permanent,
      attempts: doc.attempts,
      maxAttempts: o.maxAttempts,
      retryAt: () => {
        const asked = spec.retryAfterMs?.(failure);
        const delay = asked !== undefined && asked >= 0 ? asked : retryDelayMs(doc.attempts, o.backoff);
        return new Date(o.now().getTime() + delay);
      },
    });
    if (settled.status === 'dead') log.warn({ err: settled.lastError, permanent }, `${spec.name} item dead`);
    else log.info({ err: settled.lastError, nextAttemptAt: settled.nextAttemptAt }, `${spec.name} item failed; will retry`);
  }

  return {
    wake,
    processOnce: (options = {}) => runNext(resolveQueueOptions(options, spec.logger)),
    async drain(options = {}) {
      const resolved = resolveQueueOptions(options, spec.logger);
      const limit = options.max ?? 10_000;
      let count = 0;
      while (await runNext(resolved)) {
        if (++count >= limit) throw new Error(`${spec.name}: still busy after ${limit} items`);
      }
      return count;
    },
    startWorker(options = {}) {
      const resolved = resolveQueueOptions(options, spec.logger);
      return startPollingWorker({
        name: spec.name,
        concurrency: options.concurrency ?? 4,
        pollMs: options.pollMs ?? 1_000,
        runOnce: () => runNext(resolved),
        wake,
        logger: resolved.logger,
      });
    },
    requeueDead: (tenantId, id, now = new Date()) =>
      requeueDead(spec.model, tenantId, id, { what: spec.itemName, rule: spec.requeueRule, wake, now }),
  };
}
