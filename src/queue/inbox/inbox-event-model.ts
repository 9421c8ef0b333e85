import mongoose, { Schema, type Types } from 'mongoose';
import type { EventOrigin, InboundEvent, InboundEventKind, OriginOf, PayloadOf } from '../../messaging/inbound-event.js';

export const INBOX_STATUSES = ['pending', 'processing', 'done', 'dead'] as const;
/** pending → processing → done; a failure goes back to pending (later) or, finally, to dead. */
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export interface InboxEventDoc {
  _id: Types.ObjectId;
  tenantId: string;
  platform: EventOrigin;
  dedupeKey: string;
  kind: string;
  actor?: { platformUserId: string; name?: string };
  payload: Record<string, unknown>;
  receivedAt: Date;
  status: InboxStatus;
  /** Attempts started so far, including one in progress. */
  attempts: number;
  /** When a pending event is next due. */
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  /** Secret-free description of the last failure. */
  lastError: string | null;
  processedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema(
  { platformUserId: { type: String, required: true }, name: { type: String } },
  { _id: false },
);

const inboxEventSchema = new Schema<InboxEventDoc>(
  {
    tenantId: { type: String, required: true },
    platform: { type: String, required: true },
    dedupeKey: { type: String, required: true },
    kind: { type: String, required: true },
    actor: { type: actorSchema, default: undefined },
    payload: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
    status: { type: String, enum: INBOX_STATUSES, required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    lockedBy: { type: String, default: null },
    lastError: { type: String, default: null },
    processedAt: { type: Date, default: null },
  },
  // minimize: false keeps an empty payload `{}` instead of dropping the required field.
  { collection: 'inbox_events', timestamps: true, versionKey: false, minimize: false },
);

// A redelivered callback carries the same key: the unique index is what makes acceptance idempotent.
inboxEventSchema.index({ tenantId: 1, dedupeKey: 1 }, { unique: true });
// The worker's two claim queries: due pending events, and processing events whose lock expired.
inboxEventSchema.index({ status: 1, nextAttemptAt: 1 });
inboxEventSchema.index({ status: 1, lockedUntil: 1 });
// The admin listing (newest first within a status).
inboxEventSchema.index({ tenantId: 1, status: 1, _id: -1 });

export const InboxEvent =
  (mongoose.models.InboxEvent as mongoose.Model<InboxEventDoc> | undefined) ??
  mongoose.model<InboxEventDoc>('InboxEvent', inboxEventSchema);

/** What a handler receives: the accepted event plus its delivery state. */
export interface StoredInboxEvent<K extends InboundEventKind = InboundEventKind> extends InboundEvent<K> {
  id: string;
  status: InboxStatus;
  /** 1 on the first attempt, 2 on the first retry, … */
  attempts: number;
  lastError?: string;
}

/** The stored document as a handler sees it; the caller has checked the payload against its kind. */
export function toStoredInboxEvent<K extends InboundEventKind>(doc: InboxEventDoc, kind: K, payload: PayloadOf<K>): StoredInboxEvent<K> {
  return {
    id: doc._id.toHexString(),
    tenantId: doc.tenantId,
    // Accepted through inboundEventSchema, which ties the origin to the kind.
    platform: doc.platform as OriginOf<K>,
    dedupeKey: doc.dedupeKey,
    kind,
    ...(doc.actor ? { actor: { platformUserId: doc.actor.platformUserId, ...(doc.actor.name ? { name: doc.actor.name } : {}) } } : {}),
    payload,
    receivedAt: doc.receivedAt,
    status: doc.status,
    attempts: doc.attempts,
    ...(doc.lastError ? { lastError: doc.lastError } : {}),
  };
}
