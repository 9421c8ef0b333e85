import { claimDue } from '../claim-due.js';
import { OutboxMessage, type OutboxMessageDoc } from './outbox-message-model.js';

/** Takes the next due message (see claimDue); `sending` is the outbox's busy status, so two instances never send one message at once. */
export async function claimOutboxMessage(now: Date, lockMs: number, claimToken: string): Promise<OutboxMessageDoc | null> {
  return claimDue(OutboxMessage, 'sending', now, lockMs, claimToken);
}
