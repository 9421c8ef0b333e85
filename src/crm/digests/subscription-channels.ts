import type { Types } from 'mongoose';
import { DigestSubscription, type DigestChannel } from './digest-subscription.js';

/**
 * The platform each staff member chose for their digests (an admin's setting on a stored
 * subscription), so their reminders reach them in the same place. Staff without a stored
 * subscription are absent (the caller uses the deployment's default). With several stored
 * subscriptions the most recently changed one decides.
 */
export async function subscriptionChannels(tenantId: Types.ObjectId, staffIds: Types.ObjectId[]): Promise<Map<string, DigestChannel>> {
  if (staffIds.length === 0) return new Map();
  const stored = await DigestSubscription.find({ tenantId, recipientId: { $in: staffIds } }, { recipientId: 1, channel: 1, updatedAt: 1 })
    .sort({ updatedAt: 1 })
    .lean();
  // Ascending by updatedAt: the last write per recipient wins.
  return new Map(stored.map((s) => [String(s.recipientId), s.channel as DigestChannel]));
}
