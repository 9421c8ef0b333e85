import type { Types } from 'mongoose';
import { Activity } from '../models/activity.js';
import { StatRollup } from '../models/stat-rollup.js';
import { COUNTED_ACTIVITY_TYPES } from './activity-facts.js';
import { applyActivities, type DatedActivity } from './apply-activity.js';

/**
 * Recounts a tenant's rollups from its timeline, from scratch. Live updates arriving meanwhile are
 * harmless: each bucket counts an entry once whoever gets there first.
 */
export async function rebuildRollups(tenant: { tenantId: Types.ObjectId; timezone: string }, onProgress?: (done: number) => void): Promise<number> {
  await StatRollup.deleteMany({ tenantId: tenant.tenantId });
  let done = 0;
  const cursor = Activity.find({ tenantId: tenant.tenantId, type: { $in: [...COUNTED_ACTIVITY_TYPES] } }, { type: 1, authorId: 1, channel: 1, data: 1, at: 1 })
    .sort({ _id: 1 })
    .lean()
    .cursor({ batchSize: 500 });
  let batch: DatedActivity[] = [];
  const flush = async () => {
    await applyActivities(tenant, batch);
    done += batch.length;
    batch = [];
    onProgress?.(done);
  };
  for await (const a of cursor) {
    batch.push({ id: String(a._id), type: a.type, authorId: a.authorId ?? null, channel: a.channel ?? null, data: (a.data ?? {}) as Record<string, unknown>, at: a.at });
    if (batch.length >= 500) await flush();
  }
  if (batch.length > 0) await flush();
  return done;
}
