import type { Types } from 'mongoose';
import { DigestRun } from './digest-run.js';
import type { Digest } from './digest-types.js';

/** Closes a run without sending: nothing to say, or building kept failing. The reason is shown to admins. */
export async function skipDigestRun(
  run: { _id: Types.ObjectId; tenantId: Types.ObjectId },
  holder: string,
  outcome: { reason: string; now: Date; stats?: Digest },
): Promise<void> {
  await DigestRun.updateOne(
    { _id: run._id, tenantId: run.tenantId, claimedBy: holder },
    { $set: { status: 'skipped', skipReason: outcome.reason, ...(outcome.stats ? { stats: outcome.stats } : {}), completedAt: outcome.now } },
  );
}
