/**
 * The inbox: every normalized inbound event is persisted (deduplicated per tenant) before the
 * platform is answered, then handled asynchronously with retries.
 *
 *   Callback route:  const { duplicate } = await acceptInboundEvent(event)   // Unavailable → answer 503
 *   Feature module:  registerInboxHandler('contact.added', async (event) => { … }, { platform: 'wecom' })
 *   Start-up:        const worker = startInboxWorker({ concurrency: 4 }); … await worker.stop()
 *   Admin:           listInboxEvents(tenantId, { status: 'dead' }), replayInboxEvent(tenantId, id)
 *   Tests:           await drainInbox({ now: () => clock.now() })
 *
 * Delivery is at least once: handlers must be idempotent.
 */
export type { InboundEvent, CommandPayload, Platform } from './inbound-event.js';
export { acceptInboundEvent, type AcceptResult, type AcceptOptions } from './accept-inbound-event.js';
export { registerInboxHandler, type InboxHandler, type RegisterInboxHandlerOptions } from './inbox-handlers.js';
export { PermanentHandlerError } from './permanent-handler-error.js';
export { InboxEvent, INBOX_STATUSES, type InboxStatus, type StoredInboxEvent } from './inbox-event-model.js';
export { processInboxOnce, drainInbox, type InboxOptions } from './process-inbox-event.js';
export { startInboxWorker, type InboxWorkerOptions } from './inbox-worker.js';
export { replayInboxEvent } from './replay-inbox-event.js';
export { listInboxEvents, type InboxEventView, type InboxListPage } from './list-inbox-events.js';
export type { PollingWorker } from '../polling-worker.js';
