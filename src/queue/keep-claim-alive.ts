import type { Model } from 'mongoose';
import { keepLockAlive } from './lock-heartbeat.js';
import type { ClaimFilter, QueueItemDoc } from './queue-item.js';

/** Pushes the claimed item's lock forward while its work runs (see keepLockAlive); returns the stop function. */
export function keepClaimAlive<D extends QueueItemDoc>(
  model: Model<D>,
  mine: ClaimFilter,
  o: { lockMs: number; now: () => Date },
  onError: (error: unknown) => void,
): () => void {
  return keepLockAlive(o.lockMs, () => model.updateOne(mine, { $set: { lockedUntil: new Date(o.now().getTime() + o.lockMs) } }), onError);
}
