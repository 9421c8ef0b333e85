import mongoose, { type Model } from 'mongoose';
import type { QueueItemDoc } from './queue-item.js';

/**
 * Atomically takes the next due item: a pending one whose time has come, or a `busyStatus` one
 * whose lock expired (its worker died). One findOneAndUpdate, so two instances can never hold
 * the same item; `attempts` counts the claim, so an item that keeps killing its worker still
 * ends up dead. This is the one query that spans tenants: the queue serves them all.
 */
export async function claimDue<D extends QueueItemDoc>(
  model: Model<D>,
  busyStatus: string,
  now: Date,
  lockMs: number,
  claimToken: string,
): Promise<D | null> {
  return model
    .findOneAndUpdate(
      {
        $or: [
          { status: 'pending', nextAttemptAt: mongoose.trusted({ $lte: now }) },
          { status: busyStatus, lockedUntil: mongoose.trusted({ $lte: now }) },
        ],
      },
      {
        $set: { status: busyStatus, lockedUntil: new Date(now.getTime() + lockMs), lockedBy: claimToken },
        $inc: { attempts: 1 },
      },
      { sort: { nextAttemptAt: 1 }, new: true },
    )
    .lean<D>();
}
