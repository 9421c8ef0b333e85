import type { Types } from 'mongoose';
import { DigestRun } from './digest-run.js';

/** Every message of the run is in the outbox (which retries sends): the run is done. */
export async function markDigestRunEnqueued(run: { _id: Types.ObjectId; tenantId: Types.ObjectId }, holder: string, now: Date): Promise<void> {
  await DigestRun.updateOne({ _id: run._id, tenantId: run.tenantId, claimedBy: holder }, { $set: { status: 'enqueued', completedAt: now } });
}
