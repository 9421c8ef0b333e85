import type { Platform } from '../../messaging/platform.js';
import { listPage, type ListPage, type ListPageOptions } from '../list-page.js';
import { AUTO_DEDUPE_PREFIX, OUTBOX_STATUSES, OutboxMessage, type OutboxMessageDoc, type OutboxStatus } from './outbox-message-model.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';

/** An outbox message as admins see it. */
export interface OutboxMessageView {
  id: string;
  platform: Platform;
  to: ReplyTarget;
  body: MessageBody;
  dedupeKey: string | null;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  providerMessageId: string | null;
}

export type OutboxListPage = ListPage<OutboxMessageView>;
export type ListOutboxOptions = ListPageOptions<OutboxStatus>;

/** One tenant's outbox messages, newest first, optionally of one status. */
export async function listOutboxMessages(tenantId: string, options: ListOutboxOptions = {}): Promise<OutboxListPage> {
  return listPage(OutboxMessage, OUTBOX_STATUSES, toView, tenantId, options);
}

function toView(doc: OutboxMessageDoc): OutboxMessageView {
  return {
    id: doc._id.toHexString(),
    platform: doc.platform,
    to: doc.to,
    body: doc.body,
    dedupeKey: doc.dedupeKey.startsWith(AUTO_DEDUPE_PREFIX) ? null : doc.dedupeKey,
    status: doc.status,
    attempts: doc.attempts,
    lastError: doc.lastError ?? null,
    createdAt: doc.createdAt.toISOString(),
    nextAttemptAt: doc.status === 'pending' ? doc.nextAttemptAt.toISOString() : null,
    sentAt: doc.sentAt ? doc.sentAt.toISOString() : null,
    providerMessageId: doc.providerMessageId ?? null,
  };
}
