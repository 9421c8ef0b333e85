import { Types, type AnyBulkWriteOperation } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { todayIn } from '../calendar-date.js';
import { StatRollup, type StatRollupRecord } from '../models/stat-rollup.js';
import { factsOf, type CountedActivity } from './activity-facts.js';

export type DatedActivity = CountedActivity & { id: string; at: Date };
type Tenant = { tenantId: Types.ObjectId; timezone: string };
type Op = AnyBulkWriteOperation<StatRollupRecord & { _id: string }>;

interface Bucket {
  _id: string;
  key: { tenantId: Types.ObjectId; day: string; ownerId: Types.ObjectId | null; metric: string; dim: string; value: string };
  /** What each activity adds here (an activity counts once per bucket). */
  parts: { id: string; amount: number }[];
}

/** The buckets a set of activities adds to, with what each adds. */
function bucketsOf(tenant: Tenant, activities: readonly DatedActivity[]): Map<string, Bucket> {
  const buckets = new Map<string, Bucket>();
  for (const activity of activities) {
    const day = todayIn(tenant.timezone, activity.at);
    for (const fact of factsOf(activity)) {
      const ownerId = fact.ownerId && Types.ObjectId.isValid(fact.ownerId) ? new Types.ObjectId(fact.ownerId) : null;
      const _id = [String(tenant.tenantId), day, String(ownerId), fact.metric, fact.dim, fact.value].join('|');
      const bucket: Bucket = buckets.get(_id) ?? { _id, key: { tenantId: tenant.tenantId, day, ownerId, metric: fact.metric, dim: fact.dim, value: fact.value }, parts: [] };
      if (!bucket.parts.some((p) => p.id === activity.id)) bucket.parts.push({ id: activity.id, amount: fact.amount });
      buckets.set(_id, bucket);
    }
  }
  return buckets;
}

/**
 * One update per bucket that applies only when none of its activities is counted there yet. When
 * the bucket already counted one, the filter misses and the upsert's insert hits the primary key:
 * "already counted", not a failure. Returns the buckets that were refused that way.
 */
async function write(buckets: Bucket[]): Promise<Set<string>> {
  const ops: Op[] = buckets.map((b) => {
    const ids = b.parts.map((p) => p.id);
    return {
      updateOne: {
        filter: { _id: b._id, applied: ids.length === 1 ? { $ne: ids[0]! } : { $nin: ids } },
        update: { $setOnInsert: b.key, $inc: { count: ids.length, amount: b.parts.reduce((s, p) => s + p.amount, 0) }, $push: { applied: { $each: ids } } },
        upsert: true,
      },
    };
  });
  if (ops.length === 0) return new Set();
  try {
    await StatRollup.bulkWrite(ops, { ordered: false });
    return new Set();
  } catch (error) {
    const problems = (error as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors;
    if (!problems || !problems.every((e) => isDuplicateKeyError(e) || (e as { code?: number }).code === 11000)) throw error;
    return new Set(problems.map((e) => buckets[e.index ?? e.err?.index ?? -1]?._id).filter((id): id is string => id !== undefined));
  }
}

/**
 * Counts timeline entries into the daily rollups, exactly once per bucket: a redelivery (or a
 * rebuild meeting a live update) adds nothing. Entries are grouped per bucket, one write each
 * (a rebuild of 500 entries touches far fewer buckets than it has facts).
 */
export async function applyActivities(tenant: Tenant, activities: readonly DatedActivity[]): Promise<void> {
  const buckets = [...bucketsOf(tenant, activities).values()];
  const refused = await write(buckets);
  // A refusal means the bucket holds some of these already — or, on a server that does not retry
  // racing upserts, that another writer created the bucket first. Entry by entry, then, until each
  // is either written or found counted.
  for (const b of buckets.filter((bucket) => refused.has(bucket._id))) {
    for (const part of b.parts) {
      for (let attempt = 0; attempt < 3; attempt++) {
        if ((await write([{ ...b, parts: [part] }])).size === 0) break;
        if (await StatRollup.exists({ _id: b._id, applied: part.id })) break;
      }
    }
  }
}

export function applyActivity(tenant: Tenant, activity: DatedActivity): Promise<void> {
  return applyActivities(tenant, [activity]);
}
