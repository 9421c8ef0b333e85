import type { Logger } from '../../logger.js';
import { inboundEventKinds, type InboundEvent, type InboundEventKind } from '../../messaging/inbound-event.js';
import { createDurableQueue, type DurableQueue } from '../durable-queue.js';
import type { AcceptOptions, AcceptResult } from './accept-inbound-event.js';
import { createAcceptBatcher, type AcceptBatcherOptions } from './accept-batcher.js';
import { InboxEvent, toStoredInboxEvent, type InboxEventDoc } from './inbox-event-model.js';
import type { InboxHandlers } from './inbox-handlers.js';
import { listInboxEvents, type InboxListPage, type ListInboxOptions } from './list-inbox-events.js';
import { PermanentHandlerError } from './permanent-handler-error.js';

/**
 * The inbox of one service instance: every normalized inbound event is persisted (deduplicated
 * per tenant) before the platform is answered, then handed to its kind's handler by the worker.
 *
 *   Callback route:  const { duplicate } = await deps.inbox.accept(event)   // Unavailable → answer 503
 *   Feature module:  deps.inboxHandlers.on('contact.added', handler, { platform: 'wecom' })
 *   Tests:           await service.inbox.drain({ now: () => clock.now() })
 */
export interface Inbox extends DurableQueue {
  accept(event: InboundEvent, options?: AcceptOptions): Promise<AcceptResult>;
  list(tenantId: string, options?: ListInboxOptions): Promise<InboxListPage>;
  /** Gives a dead event a fresh set of attempts (after the cause is fixed). */
  replay(tenantId: string, id: string, now?: Date): Promise<void>;
}

export function createInbox(handlers: InboxHandlers, logger: Logger, acceptBatching: AcceptBatcherOptions = {}): Inbox {
  // Callbacks arriving together share one insert (and one fsync): see accept-batcher.ts.
  const acceptEvent = createAcceptBatcher(acceptBatching);
  const queue = createDurableQueue<InboxEventDoc, 'handled' | 'stored_raw'>({
    name: 'inbox',
    logger,
    itemName: 'inbox event',
    requeueRule: 'events can be replayed',
    model: InboxEvent,
    busyStatus: 'processing',
    describe: (doc) => ({ inboxEventId: doc._id.toHexString(), kind: doc.kind }),
    async work(doc, log) {
      const kind = doc.kind as InboundEventKind;
      const handler = Object.hasOwn(inboundEventKinds, kind) ? handlers.find(kind, doc.platform) : undefined;
      if (!handler) {
        log.debug('no handler for this kind; stored raw');
        return 'stored_raw';
      }
      const payload = inboundEventKinds[kind].payload.safeParse(doc.payload ?? {});
      if (!payload.success) throw new PermanentHandlerError(`malformed ${kind} payload: ${payload.error.issues[0]?.message ?? 'invalid'}`);
      await handler(toStoredInboxEvent(doc, kind, payload.data));
      return 'handled';
    },
    async finish(_doc, _result, mine, now, log) {
      const written = await InboxEvent.updateOne(mine, { $set: { status: 'done', processedAt: now, lockedUntil: null, lockedBy: null } });
      if (written.matchedCount === 0) log.warn('inbox event finished after its lock was taken over');
    },
    isPermanent: (error) => error instanceof PermanentHandlerError,
  });

  return {
    ...queue,
    async accept(event, options) {
      const result = await acceptEvent(event, options);
      if (!result.duplicate) queue.wake.notify();
      return result;
    },
    list: listInboxEvents,
    replay: (tenantId, id, now) => queue.requeueDead(tenantId, id, now),
  };
}
