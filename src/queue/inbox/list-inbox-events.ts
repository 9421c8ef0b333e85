import { listPage, type ListPage, type ListPageOptions } from '../list-page.js';
import { INBOX_STATUSES, InboxEvent, type InboxEventDoc, type InboxStatus } from './inbox-event-model.js';
import type { EventOrigin } from '../../messaging/inbound-event.js';

/** An inbox event as admins see it. */
export interface InboxEventView {
  id: string;
  platform: EventOrigin;
  kind: string;
  dedupeKey: string;
  actor?: { platformUserId: string; name?: string };
  payload: Record<string, unknown>;
  status: InboxStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  nextAttemptAt: string | null;
  processedAt: string | null;
}

export type InboxListPage = ListPage<InboxEventView>;
export type ListInboxOptions = ListPageOptions<InboxStatus>;

/** One tenant's inbox events, newest first, optionally of one status. */
export async function listInboxEvents(tenantId: string, options: ListInboxOptions = {}): Promise<InboxListPage> {
  return listPage(InboxEvent, INBOX_STATUSES, toView, tenantId, options);
}

function toView(doc: InboxEventDoc): InboxEventView {
  return {
    id: doc._id.toHexString(),
    platform: doc.platform,
    kind: doc.kind,
    dedupeKey: doc.dedupeKey,
    ...(doc.actor ? { actor: doc.actor } : {}),
    payload: doc.payload ?? {},
    status: doc.status,
    attempts: doc.attempts,
    lastError: doc.lastError ?? null,
    receivedAt: doc.receivedAt.toISOString(),
    nextAttemptAt: doc.status === 'pending' ? doc.nextAttemptAt.toISOString() : null,
    processedAt: doc.processedAt ? doc.processedAt.toISOString() : null,
  };
}
