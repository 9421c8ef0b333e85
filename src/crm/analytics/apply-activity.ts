import { Types, type mongo } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { localDayIn } from '../calendar-date.js';
import { StatRollup } from '../models/stat-rollup.js';
import { factsOf, type CountedActivity } from './activity-facts.js';

export type DatedActivity = CountedActivity & { id: string; at: Date };
type Tenant = { tenantId: Types.ObjectId; timezone: string };

export interface Bucket {
  _id: string;
  key: { tenantId: Types.ObjectId; day: string; ownerId: Types.ObjectId | null; metric: string; dim: string; value: string };
  /** What each activity adds here (an activity counts once per bucket). */
  parts: { id: string; amount: number }[];
}

type BucketDoc = Bucket['key'] & { _id: string; applied: Bucket['parts'] };

/** The buckets a set of activities adds to, with what each adds. */
export function rollupBuckets(tenant: Tenant, activities: readonly DatedActivity[]): Bucket[] {
  const buckets = new Map<string, Bucket & { ids: Set<string> }>();
  const dayOf = localDayIn(tenant.timezone);
  const tenantKey = String(tenant.tenantId);
  for (const activity of activities) {
    const day = dayOf(activity.at);
    for (const fact of factsOf(activity)) {
      const owner = fact.ownerId && Types.ObjectId.isValid(fact.ownerId) ? fact.ownerId : null;
      const _id = [tenantKey, day, String(owner), fact.metric, fact.dim, fact.value].join('|');
      let bucket = buckets.get(_id);
      if (!bucket) {
        const ownerId = owner ? new Types.ObjectId(owner) : null;
        bucket = { _id, key: { tenantId: tenant.tenantId, day, ownerId, metric: fact.metric, dim: fact.dim, value: fact.value }, parts: [], ids: new Set() };
        buckets.set(_id, bucket);
      }
      // The same entry twice in one batch (a redelivery meeting itself) is one part: $addToSet
      // would merge them anyway, but only if they are identical, amount included.
      if (bucket.ids.has(activity.id)) continue;
      bucket.ids.add(activity.id);
      bucket.parts.push({ id: activity.id, amount: fact.amount });
    }
  }
  return [...buckets.values()].map(({ ids: _ids, ...bucket }) => bucket);
}

/** One upsert per bucket; returns the buckets whose insert lost a race with another writer's. */
async function write(buckets: readonly Bucket[]): Promise<Bucket[]> {
  // The driver's own bulk write: parts go to the server exactly as built ({id, amount}, in that
  // order), which is what makes two copies of one part equal for $addToSet.
  const ops: mongo.AnyBulkWriteOperation<BucketDoc>[] = buckets.map((b) => ({
    updateOne: { filter: { _id: b._id }, update: { $setOnInsert: b.key, $addToSet: { applied: { $each: b.parts } } }, upsert: true },
  }));
  if (ops.length === 0) return [];
  try {
    await StatRollup.collection.bulkWrite(ops as mongo.AnyBulkWriteOperation[], { ordered: false });
    return [];
  } catch (error) {
    const problems = (error as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors;
    if (!problems || !problems.every((e) => isDuplicateKeyError(e) || (e as { code?: number }).code === 11000)) throw error;
    return problems.map((e) => buckets[e.index ?? e.err?.index ?? -1]).filter((b): b is Bucket => b !== undefined);
  }
}

/**
 * Counts timeline entries into the daily rollups, exactly once per bucket: adding an entry is
 * adding it to the bucket's set, so a redelivery (or a rebuild meeting a live update) adds nothing.
 * Entries are grouped per bucket, one write each.
 */
export function applyActivities(tenant: Tenant, activities: readonly DatedActivity[]): Promise<void> {
  return addToBuckets(rollupBuckets(tenant, activities));
}

async function addToBuckets(buckets: Bucket[]): Promise<void> {
  let pending = buckets;
  // Two writers upserting a new bucket at once: one insert wins, the other's now finds the bucket.
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === 3) throw new Error(`statistics rollups: ${pending.length} buckets kept losing their insert race`);
    pending = await write(pending);
  }
}

/**
 * Writes buckets known to be complete (a rebuild's finished days) as whole documents: inserts, the
 * cheapest write there is. A bucket a live update created meanwhile refuses the insert and gets
 * its parts added to its set instead.
 */
export async function insertBuckets(buckets: readonly Bucket[]): Promise<void> {
  if (buckets.length === 0) return;
  try {
    await StatRollup.collection.insertMany(
      buckets.map((b) => ({ _id: b._id, ...b.key, applied: b.parts }) as BucketDoc as never),
      { ordered: false },
    );
  } catch (error) {
    const problems = (error as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors;
    if (!problems || !problems.every((e) => isDuplicateKeyError(e) || (e as { code?: number }).code === 11000)) throw error;
    await addToBuckets(problems.map((e) => buckets[e.index ?? e.err?.index ?? -1]).filter((b): b is Bucket => b !== undefined));
  }
}

export function applyActivity(tenant: Tenant, activity: DatedActivity): Promise<void> {
  return applyActivities(tenant, [activity]);
}
