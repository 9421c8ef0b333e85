import { requeueDead } from '../requeue-dead.js';
import { InboxEvent } from './inbox-event-model.js';
import { inboxWakeSignal } from './inbox-wake-signal.js';

/** Gives a dead event a fresh set of attempts (admin action after fixing the cause); see requeueDead. */
export async function replayInboxEvent(tenantId: string, id: string, now: Date = new Date()): Promise<void> {
  await requeueDead(InboxEvent, tenantId, id, { what: 'inbox event', rule: 'events can be replayed', wake: inboxWakeSignal, now });
}
