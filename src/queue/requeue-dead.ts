import type { Model } from 'mongoose';
import { Conflict, NotFound } from '../errors.js';
import type { QueueItemDoc } from './queue-item.js';
import type { WakeSignal } from './wake-signal.js';

export interface RequeueDeadOptions {
  /** Names the item in NotFound ('inbox event'). */
  what: string;
  /** Completes "only dead … can be …": e.g. 'events can be replayed'. */
  rule: string;
  wake: WakeSignal;
  now?: Date;
}

/**
 * Gives a dead item a fresh set of attempts (admin action after fixing the cause). Only dead
 * items qualify: a pending or busy one would race the worker, a finished one would run twice.
 * NotFound also covers another tenant's item, so ids cannot be probed across tenants.
 */
export async function requeueDead<D extends QueueItemDoc>(
  model: Model<D>,
  tenantId: string,
  id: string,
  options: RequeueDeadOptions,
): Promise<void> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new NotFound(options.what);
  const result = await model.updateOne(
    { _id: id, tenantId, status: 'dead' },
    { $set: { status: 'pending', attempts: 0, nextAttemptAt: options.now ?? new Date(), lockedUntil: null, lockedBy: null } },
  );
  if (result.matchedCount === 1) {
    options.wake.notify();
    return;
  }
  const existing = await model.findOne({ _id: id, tenantId }, { status: 1 }).lean<Pick<QueueItemDoc, 'status'>>();
  if (!existing) throw new NotFound(options.what);
  throw new Conflict(`only dead ${options.rule}; this one is ${existing.status}`, { status: existing.status });
}
