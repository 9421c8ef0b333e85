import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * The contact document's _id, derived from (tenant, external user id): lookups go by primary key,
 * which every MongoDB-compatible server (including the embedded one, which ignores secondary
 * indexes) answers without a scan. The unique (tenantId, externalUserId) index still guards it.
 */
export function contactObjectId(tenantId: Types.ObjectId, externalUserId: string): Types.ObjectId {
  const digest = createHash('sha256').update(`${tenantId.toHexString()}\u0000${externalUserId}`).digest();
  return new Types.ObjectId(digest.subarray(0, 12).toString('hex'));
}
