import { InvalidInput } from '../../errors.js';
import { claimInboxEvent } from './claim-inbox-event.js';
import { InboxEvent, toStoredInboxEvent, type InboxEventDoc } from './inbox-event-model.js';
import { findInboxHandler } from './inbox-handlers.js';
import { PermanentHandlerError } from './permanent-handler-error.js';
import { describeFailure } from '../describe-failure.js';
import { keepClaimAlive } from '../keep-claim-alive.js';
import { newClaimToken, resolveQueueOptions, type QueueOptions, type ResolvedQueueOptions } from '../queue-options.js';
import type { ClaimFilter } from '../queue-item.js';
import { retryDelayMs } from '../retry-backoff.js';
import { settleAbandoned, settleFailure } from '../settle-failure.js';
import { withTimeout } from '../with-timeout.js';

export type InboxOptions = QueueOptions;

/** Claims one due event and runs its handler. Resolves false when nothing was due. */
export async function processInboxOnce(options: InboxOptions = {}): Promise<boolean> {
  return processNext(resolveQueueOptions(options));
}

/**
 * Processes due events until none is due (events rescheduled into the future wait), and
 * returns how many were handled. For tests and scripts; services run `startInboxWorker`.
 */
export async function drainInbox(options: InboxOptions & { maxEvents?: number } = {}): Promise<number> {
  const resolved = resolveQueueOptions(options);
  const limit = options.maxEvents ?? 10_000;
  let count = 0;
  while (await processNext(resolved)) {
    if (++count >= limit) throw new Error(`drainInbox: still busy after ${limit} events`);
  }
  return count;
}

export async function processNext(o: ResolvedQueueOptions): Promise<boolean> {
  const token = newClaimToken(o.workerId);
  const claimed = await claimInboxEvent(o.now(), o.lockMs, token);
  if (!claimed) return false;
  await runClaimed(claimed, token, o);
  return true;
}

async function runClaimed(doc: InboxEventDoc, token: string, o: ResolvedQueueOptions): Promise<void> {
  const log = o.logger.child({ inboxEventId: doc._id.toHexString(), tenantId: doc.tenantId, kind: doc.kind, attempt: doc.attempts });
  const mine: ClaimFilter = { _id: doc._id, status: 'processing', lockedBy: token };

  if (doc.attempts > o.maxAttempts) {
    await settleAbandoned(InboxEvent, mine, doc.lastError);
    log.warn('inbox event dead: every attempt was abandoned by its worker');
    return;
  }

  const handler = findInboxHandler(doc.kind, doc.platform);
  if (!handler) {
    await InboxEvent.updateOne(mine, { $set: { status: 'done', processedAt: o.now(), lockedUntil: null, lockedBy: null } });
    log.debug('no handler for this kind; stored raw');
    return;
  }

  const stopHeartbeat = keepClaimAlive(InboxEvent, mine, o, (error) => log.warn({ err: describeFailure(error) }, 'could not renew the inbox lock'));
  let failure: unknown;
  let failed = false;
  try {
    await withTimeout(handler(toStoredInboxEvent(doc)), o.timeoutMs, `handler for '${doc.kind}'`);
  } catch (error) {
    failed = true;
    failure = error;
  } finally {
    stopHeartbeat();
  }

  if (!failed) {
    const result = await InboxEvent.updateOne(mine, {
      $set: { status: 'done', processedAt: o.now(), lockedUntil: null, lockedBy: null },
    });
    if (result.matchedCount === 0) log.warn('inbox event finished after its lock was taken over');
    return;
  }

  const permanent = failure instanceof PermanentHandlerError || failure instanceof InvalidInput;
  const outcome = await settleFailure(InboxEvent, mine, {
    lastError: describeFailure(failure),
    permanent,
    attempts: doc.attempts,
    maxAttempts: o.maxAttempts,
    retryAt: () => new Date(o.now().getTime() + retryDelayMs(doc.attempts, o.backoff)),
  });
  if (outcome.status === 'dead') log.warn({ err: outcome.lastError, permanent }, 'inbox event dead');
  else log.info({ err: outcome.lastError, nextAttemptAt: outcome.nextAttemptAt }, 'inbox event failed; will retry');
}
