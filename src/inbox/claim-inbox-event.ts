import mongoose from 'mongoose';
import { InboxEvent, type InboxEventDoc } from './inbox-event-model.js';

/**
 * Atomically takes the next due event: a pending event whose time has come, or a processing
 * event whose lock expired (its worker died). One findOneAndUpdate, so two instances can never
 * hold the same event; `attempts` counts the claim, so an event that keeps killing its worker
 * still ends up dead. This is the one query that spans tenants: the queue serves them all.
 */
export async function claimInboxEvent(now: Date, lockMs: number, claimToken: string): Promise<InboxEventDoc | null> {
  return InboxEvent.findOneAndUpdate(
    {
      $or: [
        { status: 'pending', nextAttemptAt: mongoose.trusted({ $lte: now }) },
        { status: 'processing', lockedUntil: mongoose.trusted({ $lte: now }) },
      ],
    },
    {
      $set: { status: 'processing', lockedUntil: new Date(now.getTime() + lockMs), lockedBy: claimToken },
      $inc: { attempts: 1 },
    },
    { sort: { nextAttemptAt: 1 }, new: true },
  ).lean<InboxEventDoc>();
}
