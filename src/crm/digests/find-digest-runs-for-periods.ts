import type { Types } from 'mongoose';
import { DigestRun } from './digest-run.js';

/**
 * A tenant's runs for the given periods, only what tells whether a run is finished or in someone's
 * hands: one read per tick instead of a failed insert per due digest.
 */
export async function findDigestRunsForPeriods(tenantId: Types.ObjectId, periodKeys: readonly string[]) {
  return DigestRun.find(
    { tenantId, periodKey: { $in: [...new Set(periodKeys)] } },
    { recipientId: 1, kind: 1, periodKey: 1, status: 1, claimedAt: 1 },
  ).lean();
}
