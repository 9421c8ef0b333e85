import mongoose from 'mongoose';
import { InvalidInput } from '../crm/errors.js';
import { INBOX_STATUSES, InboxEvent, type InboxEventDoc, type InboxStatus } from './inbox-event-model.js';
import type { Platform } from './inbound-event.js';

/** An inbox event as admins see it. */
export interface InboxEventView {
  id: string;
  platform: Platform;
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

export interface InboxListPage {
  items: InboxEventView[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface ListInboxOptions {
  status?: InboxStatus;
  cursor?: string;
  /** 1..200, default 50. */
  limit?: number;
}

/** One tenant's inbox events, newest first, optionally of one status. */
export async function listInboxEvents(tenantId: string, options: ListInboxOptions = {}): Promise<InboxListPage> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new InvalidInput('limit must be 1..200');
  if (options.status !== undefined && !INBOX_STATUSES.includes(options.status)) throw new InvalidInput('unknown status');
  if (options.cursor !== undefined && !/^[0-9a-f]{24}$/i.test(options.cursor)) throw new InvalidInput('invalid cursor');

  const filter: mongoose.FilterQuery<InboxEventDoc> = { tenantId };
  if (options.status) filter.status = options.status;
  if (options.cursor) filter._id = mongoose.trusted({ $lt: new mongoose.Types.ObjectId(options.cursor) });

  const docs = await InboxEvent.find(filter).sort({ _id: -1 }).limit(limit + 1).lean<InboxEventDoc[]>();
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: docs.length > limit && last ? last._id.toHexString() : null,
  };
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
