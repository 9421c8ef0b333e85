/**
 * The outbox: outgoing messages (replies, digests, reminders) are persisted first and sent by a
 * worker through one sender per platform, with retries; a send that succeeded is not repeated.
 *
 *   Anyone:       const id = await enqueueOutbound({ tenantId, platform, to, body, dedupeKey? }, { notBefore? })
 *   Channel:      registerOutboundSender('wecom', async (message) => ({ providerMessageId }))
 *                 — throw PermanentSendError (→ dead) or RetryLaterError({ retryAfterMs }) (rate limit)
 *   Start-up:     const worker = startOutboxWorker({ concurrency: 4 }); … await worker.stop()
 *   Admin:        listOutboxMessages(tenantId, { status: 'dead' }), retryOutboxMessage(tenantId, id)
 *   Tests:        await drainOutbox({ now: () => clock.now() })
 */
export type { OutboundMessage, ReplyTarget, MessageBody, Card, CardField, CardLink } from './outbound-message.js';
export { enqueueOutbound, type EnqueueOptions } from './enqueue-outbound.js';
export { registerOutboundSender, type OutboundSender, type SendResult } from './outbound-senders.js';
export { PermanentSendError, RetryLaterError } from './send-errors.js';
export { OutboxMessage, OUTBOX_STATUSES, type OutboxStatus, type StoredOutboxMessage } from './outbox-message-model.js';
export { processOutboxOnce, drainOutbox, type OutboxOptions } from './process-outbox-message.js';
export { startOutboxWorker, type OutboxWorkerOptions } from './outbox-worker.js';
export { retryOutboxMessage } from './retry-outbox-message.js';
export { listOutboxMessages, type OutboxMessageView, type OutboxListPage } from './list-outbox-messages.js';
