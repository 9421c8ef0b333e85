import { createDurableQueue, type DurableQueue } from '../durable-queue.js';
import type { ClaimFilter } from '../queue-item.js';
import type { OutboundMessage } from '../../messaging/outbound-message.js';
import type { Logger } from '../../logger.js';
import { describeFailure } from '../describe-failure.js';
import { enqueueOutbound, type EnqueueOptions } from './enqueue-outbound.js';
import { listOutboxMessages, type ListOutboxOptions, type OutboxListPage } from './list-outbox-messages.js';
import { OutboxMessage, toStoredOutboxMessage, type OutboxMessageDoc } from './outbox-message-model.js';
import type { OutboundSenders, SendResult } from './outbound-senders.js';
import { PermanentSendError, RetryLaterError } from './send-errors.js';

/**
 * The outbox of one service instance: outgoing messages (replies, digests, reminders) are
 * persisted first and sent by the worker through the platform's registered sender, with retries;
 * a send that succeeded is not repeated.
 *
 *   Anyone:   const id = await deps.outbox.enqueue({ tenantId, platform, to, body, dedupeKey? }, { notBefore? })
 *   Channel:  deps.outboundSenders.add('wecom', async (message) => ({ providerMessageId }))
 *             — throw PermanentSendError (→ dead) or RetryLaterError({ retryAfterMs }) (rate limit)
 */
export interface Outbox extends DurableQueue {
  enqueue(message: OutboundMessage, options?: EnqueueOptions): Promise<string>;
  list(tenantId: string, options?: ListOutboxOptions): Promise<OutboxListPage>;
  /** Gives a dead message a fresh set of attempts; a sent message is never sent again. */
  retry(tenantId: string, id: string, now?: Date): Promise<void>;
}

export function createOutbox(senders: OutboundSenders, logger: Logger): Outbox {
  const queue = createDurableQueue<OutboxMessageDoc, SendResult>({
    name: 'outbox',
    logger,
    itemName: 'outbox message',
    requeueRule: 'messages can be retried',
    model: OutboxMessage,
    busyStatus: 'sending',
    describe: (doc) => ({ outboxMessageId: doc._id.toHexString(), platform: doc.platform }),
    async work(doc) {
      const sender = senders.find(doc.platform);
      if (!sender) throw new Error(`no outbound sender registered for ${doc.platform}`);
      return sender(toStoredOutboxMessage(doc));
    },
    finish: markSent,
    isPermanent: (error) => error instanceof PermanentSendError,
    retryAfterMs: (error) => (error instanceof RetryLaterError ? error.retryAfterMs : undefined),
  });

  return {
    ...queue,
    async enqueue(message, options) {
      const id = await enqueueOutbound(message, options);
      queue.wake.notify();
      return id;
    },
    list: listOutboxMessages,
    retry: (tenantId, id, now) => queue.requeueDead(tenantId, id, now),
  };
}

/**
 * The platform accepted the message: record it, retrying the write a few times, because a
 * message left in `sending` would be sent again once its lock expires.
 */
async function markSent(doc: OutboxMessageDoc, result: SendResult, mine: ClaimFilter, now: Date, log: Logger): Promise<void> {
  const update = {
    $set: {
      status: 'sent',
      sentAt: now,
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
