import { claimDue } from '../claim-due.js';
import { InboxEvent, type InboxEventDoc } from './inbox-event-model.js';

/** Takes the next due event (see claimDue); `processing` is the inbox's busy status. */
export async function claimInboxEvent(now: Date, lockMs: number, claimToken: string): Promise<InboxEventDoc | null> {
  return claimDue(InboxEvent, 'processing', now, lockMs, claimToken);
}
