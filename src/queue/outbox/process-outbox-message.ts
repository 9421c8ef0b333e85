import { InvalidInput } from '../../errors.js';
import { describeFailure } from '../describe-failure.js';
import { keepClaimAlive } from '../keep-claim-alive.js';
import { newClaimToken, resolveQueueOptions, type QueueOptions, type ResolvedQueueOptions } from '../queue-options.js';
import type { ClaimFilter } from '../queue-item.js';
import { retryDelayMs } from '../retry-backoff.js';
import { settleAbandoned, settleFailure } from '../settle-failure.js';
import { withTimeout } from '../with-timeout.js';
import { claimOutboxMessage } from './claim-outbox-message.js';
import { OutboxMessage, toStoredOutboxMessage, type OutboxMessageDoc } from './outbox-message-model.js';
import { findOutboundSender, type SendResult } from './outbound-senders.js';
import { PermanentSendError, RetryLaterError } from './send-errors.js';

export type OutboxOptions = QueueOptions;

/** Claims one due message and sends it. Resolves false when nothing was due. */
export async function processOutboxOnce(options: OutboxOptions = {}): Promise<boolean> {
  return sendNext(resolveQueueOptions(options));
}

/**
 * Sends due messages until none is due (messages rescheduled into the future wait) and returns
 * how many were handled. For tests and scripts; services run `startOutboxWorker`.
 */
export async function drainOutbox(options: OutboxOptions & { maxMessages?: number } = {}): Promise<number> {
  const resolved = resolveQueueOptions(options);
  const limit = options.maxMessages ?? 10_000;
  let count = 0;
  while (await sendNext(resolved)) {
    if (++count >= limit) throw new Error(`drainOutbox: still busy after ${limit} messages`);
  }
  return count;
}

export async function sendNext(o: ResolvedQueueOptions): Promise<boolean> {
  const token = newClaimToken(o.workerId);
  const claimed = await claimOutboxMessage(o.now(), o.lockMs, token);
  if (!claimed) return false;
  await sendClaimed(claimed, token, o);
  return true;
}

async function sendClaimed(doc: OutboxMessageDoc, token: string, o: ResolvedQueueOptions): Promise<void> {
  const log = o.logger.child({ outboxMessageId: doc._id.toHexString(), tenantId: doc.tenantId, platform: doc.platform, attempt: doc.attempts });
  const mine: ClaimFilter = { _id: doc._id, status: 'sending', lockedBy: token };

  if (doc.attempts > o.maxAttempts) {
    await settleAbandoned(OutboxMessage, mine, doc.lastError);
    log.warn('outbox message dead: every attempt was abandoned by its worker');
    return;
  }

  const sender = findOutboundSender(doc.platform);
  let result: SendResult | undefined;
  let failure: unknown;
  if (!sender) {
    failure = new Error(`no outbound sender registered for ${doc.platform}`);
  } else {
    const stopHeartbeat = keepClaimAlive(OutboxMessage, mine, o, (error) => log.warn({ err: describeFailure(error) }, 'could not renew the outbox lock'));
    try {
      result = await withTimeout(sender(toStoredOutboxMessage(doc)), o.timeoutMs, `sender for ${doc.platform}`);
    } catch (error) {
      failure = error;
    } finally {
      stopHeartbeat();
    }
  }

  if (result) {
    await markSent(doc, mine, result, o, log);
    return;
  }

  const permanent = failure instanceof PermanentSendError || failure instanceof InvalidInput;
  const outcome = await settleFailure(OutboxMessage, mine, {
    lastError: describeFailure(failure),
    permanent,
    attempts: doc.attempts,
    maxAttempts: o.maxAttempts,
    retryAt: () => {
      const delay =
        failure instanceof RetryLaterError && failure.retryAfterMs !== undefined && failure.retryAfterMs >= 0
          ? failure.retryAfterMs
          : retryDelayMs(doc.attempts, o.backoff);
      return new Date(o.now().getTime() + delay);
    },
  });
  if (outcome.status === 'dead') log.warn({ err: outcome.lastError, permanent }, 'outbox message dead');
  else log.info({ err: outcome.lastError, nextAttemptAt: outcome.nextAttemptAt }, 'outbox send failed; will retry');
}

/**
 * The platform accepted the message: record it, retrying the write a few times, because a
 * message left in `sending` would be sent again once its lock expires.
 */
async function markSent(
  doc: OutboxMessageDoc,
  mine: ClaimFilter,
  result: SendResult,
  o: ResolvedQueueOptions,
  log: ResolvedQueueOptions['logger'],
): Promise<void> {
  const update = {
    $set: {
      status: 'sent',
      sentAt: o.now(),
      providerMessageId: typeof result.providerMessageId === 'string' ? result.providerMessageId : null,
      lockedUntil: null,
      lockedBy: null,
    },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const written = await OutboxMessage.updateOne(mine, update);
      if (written.matchedCount === 0) log.warn('outbox message sent after its lock was taken over');
      return;
    } catch (error) {
      if (attempt >= 5) {
        log.error({ err: describeFailure(error), outboxMessageId: doc._id.toHexString() }, 'sent but could not record it; it may be sent again');
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

