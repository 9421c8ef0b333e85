import type { Model } from 'mongoose';
import type { ClaimFilter, QueueItemDoc } from './queue-item.js';

export type FailureOutcome = { status: 'dead'; lastError: string } | { status: 'pending'; lastError: string; nextAttemptAt: Date };

export interface FailedAttempt {
  /** Secret-free description (describeFailure). */
  lastError: string;
  /** No retry can help (bad input, a permanent error from the handler or platform). */
  permanent: boolean;
  /** The item's attempts including this one. */
  attempts: number;
  maxAttempts: number;
  /** When to try again; asked only if the item is not dead. */
  retryAt: () => Date;
}

/**
 * Records a failed attempt on the item this claim holds: dead when the failure is permanent or
 * the attempts are used up, otherwise back to pending until `retryAt`.
 */
export async function settleFailure<D extends QueueItemDoc>(model: Model<D>, mine: ClaimFilter, failed: FailedAttempt): Promise<FailureOutcome> {
  const { lastError } = failed;
  if (failed.permanent || failed.attempts >= failed.maxAttempts) {
    await model.updateOne(mine, { $set: { status: 'dead', lockedUntil: null, lockedBy: null, lastError } });
    return { status: 'dead', lastError };
  }
  const nextAttemptAt = failed.retryAt();
  await model.updateOne(mine, { $set: { status: 'pending', nextAttemptAt, lockedUntil: null, lockedBy: null, lastError } });
  return { status: 'pending', lastError, nextAttemptAt };
}

/**
 * A claim beyond maxAttempts is only reachable when earlier claims never finished: the worker
 * died (or hung) every time. The item goes dead without running again.
 */
export async function settleAbandoned<D extends QueueItemDoc>(model: Model<D>, mine: ClaimFilter, previousError: string | null): Promise<void> {
  const lastError = `abandoned: the worker stopped during every attempt${previousError ? ` (last failure: ${previousError})` : ''}`;
  await model.updateOne(mine, { $set: { status: 'dead', lockedUntil: null, lockedBy: null, lastError } });
}
