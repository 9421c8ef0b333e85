import mongoose from 'mongoose';
import { OutboxMessage, type OutboxMessageDoc } from './outbox-message-model.js';

/**
 * Atomically takes the next due message: a pending one whose time has come, or a sending one
 * whose lock expired (its worker died mid-send). One findOneAndUpdate, so two instances never
 * send the same message at once. Spans tenants: the queue serves them all.
 */
export async function claimOutboxMessage(now: Date, lockMs: number, claimToken: string): Promise<OutboxMessageDoc | null> {
  return OutboxMessage.findOneAndUpdate(
    {
      $or: [
        { status: 'pending', nextAttemptAt: mongoose.trusted({ $lte: now }) },
        { status: 'sending', lockedUntil: mongoose.trusted({ $lte: now }) },
      ],
    },
    {
      $set: { status: 'sending', lockedUntil: new Date(now.getTime() + lockMs), lockedBy: claimToken },
      $inc: { attempts: 1 },
    },
    { sort: { nextAttemptAt: 1 }, new: true },
  ).lean<OutboxMessageDoc>();
}
