import { Conflict, NotFound } from '../crm/errors.js';
import { OutboxMessage } from './outbox-message-model.js';
import { outboxWakeSignal } from './outbox-wake-signal.js';

/**
 * Gives a dead message a fresh set of attempts (admin action after fixing the cause). Only dead
 * messages can be retried: a sent one would be delivered twice, a pending one races the worker.
 * NotFound also covers another tenant's message, so ids cannot be probed across tenants.
 */
export async function retryOutboxMessage(tenantId: string, id: string, now: Date = new Date()): Promise<void> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new NotFound('outbox message');
  const result = await OutboxMessage.updateOne(
    { _id: id, tenantId, status: 'dead' },
    { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, lockedBy: null } },
  );
  if (result.matchedCount === 1) {
    outboxWakeSignal.notify();
    return;
  }
  const existing = await OutboxMessage.findOne({ _id: id, tenantId }, { status: 1 }).lean();
  if (!existing) throw new NotFound('outbox message');
  throw new Conflict(`only dead messages can be retried; this one is ${existing.status}`, { status: existing.status });
}
