import { Conflict, NotFound } from '../crm/errors.js';
import { InboxEvent } from './inbox-event-model.js';
import { inboxWakeSignal } from './inbox-wake-signal.js';

/**
 * Gives a dead event a fresh set of attempts (admin action after fixing the cause). Only dead
 * events can be replayed: replaying a pending or processing one would race the worker.
 * NotFound also covers another tenant's event, so ids cannot be probed across tenants.
 */
export async function replayInboxEvent(tenantId: string, id: string, now: Date = new Date()): Promise<void> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new NotFound('inbox event');
  const result = await InboxEvent.updateOne(
    { _id: id, tenantId, status: 'dead' },
    { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, lockedBy: null } },
  );
  if (result.matchedCount === 1) {
    inboxWakeSignal.notify();
    return;
  }
  const existing = await InboxEvent.findOne({ _id: id, tenantId }, { status: 1 }).lean();
  if (!existing) throw new NotFound('inbox event');
  throw new Conflict(`only dead events can be replayed; this one is ${existing.status}`, { status: existing.status });
}
