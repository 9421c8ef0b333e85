import { createLogger } from '../../src/logger.js';
import { createInbox, type Inbox } from '../../src/queue/inbox/create-inbox.js';
import { createInboxHandlers, type InboxHandlers } from '../../src/queue/inbox/inbox-handlers.js';
import { createOutbox, type Outbox } from '../../src/queue/outbox/create-outbox.js';
import { createOutboundSenders, type OutboundSenders } from '../../src/queue/outbox/outbound-senders.js';

const silent = createLogger('silent');

/** A fresh inbox with its own handler registry, as one service instance has. */
export function inboxUnderTest(): { inbox: Inbox; handlers: InboxHandlers } {
  const handlers = createInboxHandlers();
  return { inbox: createInbox(handlers, silent), handlers };
}

/** A fresh outbox with its own sender registry, as one service instance has. */
export function outboxUnderTest(): { outbox: Outbox; senders: OutboundSenders } {
  const senders = createOutboundSenders();
  return { outbox: createOutbox(senders, silent), senders };
}
