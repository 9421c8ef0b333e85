import type { Types } from 'mongoose';
import { localDayIn } from '../calendar-date.js';
import { Activity } from '../models/activity.js';
import { StatRollup } from '../models/stat-rollup.js';
import { COUNTED_ACTIVITY_TYPES } from './activity-facts.js';
import { insertBuckets, rollupBuckets, type DatedActivity } from './apply-activity.js';

/** Days are written together once this many entries wait (a day is never split). */
const FLUSH_AFTER = 5000;

/**
 * Recounts a tenant's rollups from its timeline, from scratch. Every metric comes from one entry
 * type, and a bucket is one local day, so reading each type in time order (the {tenant, type, at}
 * index) completes buckets day by day: each is written once, whole, by an insert — memory holds
 * a few days, never the timeline. Live updates arriving meanwhile are harmless: a bucket counts an
 * entry once whoever gets there first.
 */
export async function rebuildRollups(tenant: { tenantId: Types.ObjectId; timezone: string }, onProgress?: (done: number) => void): Promise<number> {
  await StatRollup.deleteMany({ tenantId: tenant.tenantId });
  let done = 0;
  let batch: DatedActivity[] = [];
  const dayOf = localDayIn(tenant.timezone);
  const flush = async () => {
    await insertBuckets(rollupBuckets(tenant, batch));
    done += batch.length;
    batch = [];
    onProgress?.(done);
  };
  for (const type of COUNTED_ACTIVITY_TYPES) {
    const cursor = Activity.find({ tenantId: tenant.tenantId, type }, { type: 1, authorId: 1, channel: 1, data: 1, at: 1 })
      .sort({ at: 1 })
      .lean()
      .cursor({ batchSize: 2000 });
    let day = '';
    for await (const a of cursor) {
      const today = dayOf(a.at);
      if (today !== day && batch.length >= FLUSH_AFTER) await flush();
      day = today;
      batch.push({ id: String(a._id), type: a.type, authorId: a.authorId ?? null, channel: a.channel ?? null, data: (a.data ?? {}) as Record<string, unknown>, at: a.at });
    }
    // The type's last days: its buckets are complete too (the next type fills other metrics).
    if (batch.length > 0) await flush();
  }
  return done;
}
