import mongoose from 'mongoose';
import { InvalidInput } from '../crm/errors.js';
import type { Platform } from '../inbox/inbound-event.js';
import { AUTO_DEDUPE_PREFIX, OUTBOX_STATUSES, OutboxMessage, type OutboxMessageDoc, type OutboxStatus } from './outbox-message-model.js';
import type { MessageBody, ReplyTarget } from './outbound-message.js';

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

export interface OutboxListPage {
  items: OutboxMessageView[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface ListOutboxOptions {
  status?: OutboxStatus;
  cursor?: string;
  /** 1..200, default 50. */
  limit?: number;
}

/** One tenant's outbox messages, newest first, optionally of one status. */
export async function listOutboxMessages(tenantId: string, options: ListOutboxOptions = {}): Promise<OutboxListPage> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new InvalidInput('limit must be 1..200');
  if (options.status !== undefined && !OUTBOX_STATUSES.includes(options.status)) throw new InvalidInput('unknown status');
  if (options.cursor !== undefined && !/^[0-9a-f]{24}$/i.test(options.cursor)) throw new InvalidInput('invalid cursor');

  const filter: mongoose.FilterQuery<OutboxMessageDoc> = { tenantId };
  if (options.status) filter.status = options.status;
  if (options.cursor) filter._id = mongoose.trusted({ $lt: new mongoose.Types.ObjectId(options.cursor) });

  const docs = await OutboxMessage.find(filter).sort({ _id: -1 }).limit(limit + 1).lean<OutboxMessageDoc[]>();
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: docs.length > limit && last ? last._id.toHexString() : null,
  };
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
