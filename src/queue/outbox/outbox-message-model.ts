import mongoose, { Schema, type Types } from 'mongoose';
import type { Platform } from '../../messaging/platform.js';
import type { MessageBody, OutboundMessage } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
/** pending → sending → sent; a failure goes back to pending (later) or, finally, to dead. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Stored when the caller gave no dedupeKey. The test server (and a sparse compound index on
 * real MongoDB) cannot make (tenantId, dedupeKey) unique only where the key exists, so every
 * message carries one; the `auto:` prefix is reserved for these.
 */
export const AUTO_DEDUPE_PREFIX = 'auto:';

export interface OutboxMessageDoc {
  _id: Types.ObjectId;
  tenantId: string;
  platform: Platform;
  to: ReplyTarget;
  body: MessageBody;
  dedupeKey: string;
  status: OutboxStatus;
  /** Send attempts started so far, including one in progress. */
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  /** Secret-free description of the last failure. */
  lastError: string | null;
  sentAt: Date | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const outboxMessageSchema = new Schema<OutboxMessageDoc>(
  {
    tenantId: { type: String, required: true },
    platform: { type: String, required: true },
    to: { type: Schema.Types.Mixed, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    dedupeKey: { type: String, required: true },
    status: { type: String, enum: OUTBOX_STATUSES, required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    lockedBy: { type: String, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    providerMessageId: { type: String, default: null },
  },
  { collection: 'outbox_messages', timestamps: true, versionKey: false, minimize: false },
);

outboxMessageSchema.index({ tenantId: 1, dedupeKey: 1 }, { unique: true });
outboxMessageSchema.index({ status: 1, nextAttemptAt: 1 });
outboxMessageSchema.index({ status: 1, lockedUntil: 1 });
outboxMessageSchema.index({ tenantId: 1, status: 1, _id: -1 });

export const OutboxMessage =
  (mongoose.models.OutboxMessage as mongoose.Model<OutboxMessageDoc> | undefined) ??
  mongoose.model<OutboxMessageDoc>('OutboxMessage', outboxMessageSchema);

/** What a sender receives: the message plus its delivery state. */
export interface StoredOutboxMessage extends OutboundMessage {
  /** Stable across retries: usable as an idempotency key where the platform offers one. */
  id: string;
  /** 1 on the first attempt, 2 on the first retry, … */
  attempts: number;
  createdAt: Date;
}

export function toStoredOutboxMessage(doc: OutboxMessageDoc): StoredOutboxMessage {
  return {
    id: doc._id.toHexString(),
    tenantId: doc.tenantId,
    platform: doc.platform,
    to: doc.to,
    body: doc.body,
    ...(doc.dedupeKey.startsWith(AUTO_DEDUPE_PREFIX) ? {} : { dedupeKey: doc.dedupeKey }),
    attempts: doc.attempts,
    createdAt: doc.createdAt,
  };
}
