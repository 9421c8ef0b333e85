import { Types, type AnyBulkWriteOperation } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { todayIn } from '../calendar-date.js';
import { StatRollup, type StatRollupRecord } from '../models/stat-rollup.js';
import { factsOf, type CountedActivity } from './activity-facts.js';

export type DatedActivity = CountedActivity & { id: string; at: Date };

/**
 * Counts timeline entries into the daily rollups, idempotently: a bucket update only applies when
 * the entry's id is not yet in that bucket's `applied` list, so a redelivery (or a rebuild meeting
 * a live update) adds nothing. When the bucket already counted it the filter misses and the
 * upsert's insert hits the primary key: that is the "already counted" answer, not a failure.
 * One unordered bulk write for all of them: one round trip per batch.
 */
export async function applyActivities(tenant: { tenantId: Types.ObjectId; timezone: string }, activities: readonly DatedActivity[]): Promise<void> {
  const ops: AnyBulkWriteOperation<StatRollupRecord & { _id: string }>[] = [];
  for (const activity of activities) {
    const day = todayIn(tenant.timezone, activity.at);
    for (const fact of factsOf(activity)) {
      const ownerId = fact.ownerId && Types.ObjectId.isValid(fact.ownerId) ? new Types.ObjectId(fact.ownerId) : null;
      const key = { tenantId: tenant.tenantId, day, ownerId, metric: fact.metric, dim: fact.dim, value: fact.value };
      const _id = [String(tenant.tenantId), day, String(ownerId), fact.metric, fact.dim, fact.value].join('|');
      ops.push({
        updateOne: {
          filter: { _id, applied: { $ne: activity.id } },
          update: { $setOnInsert: key, $inc: { count: 1, amount: fact.amount }, $push: { applied: activity.id } },
          upsert: true,
        },
      });
    }
  }
  if (ops.length === 0) return;
  try {
    await StatRollup.bulkWrite(ops, { ordered: false });
  } catch (error) {
    const problems = (error as { writeErrors?: unknown[] }).writeErrors;
    if (!problems || !problems.every((e) => isDuplicateKeyError(e) || (e as { code?: number }).code === 11000)) throw error;
  }
}

export function applyActivity(tenant: { tenantId: Types.ObjectId; timezone: string }, activity: DatedActivity): Promise<void> {
  return applyActivities(tenant, [activity]);
}
