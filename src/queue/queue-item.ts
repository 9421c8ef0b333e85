import type { Types } from 'mongoose';

/** The delivery state every queued item (inbox event, outbox message) carries. */
export interface QueueItemDoc {
  _id: Types.ObjectId;
  tenantId: string;
  status: string;
  /** Attempts started so far, including one in progress. */
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  /** Secret-free description of the last failure. */
  lastError: string | null;
}

/** Matches an item only while this claim still holds it, so a late finish after a takeover writes nothing. */
export interface ClaimFilter {
  _id: Types.ObjectId;
  status: string;
  lockedBy: string;
}
