import type { Types } from 'mongoose';
import type { OutboundMessage } from '../../messaging/outbound-message.js';
import { DigestRun, type DigestRunDoc } from './digest-run.js';
import type { Digest } from './digest-types.js';

/**
 * Stores a claimed run's messages before any is enqueued, so a resumed run sends the very same
 * ones. Null when the claim was lost (another instance took over a stale run).
 */
export async function storeBuiltDigestRun(
  run: { _id: Types.ObjectId; tenantId: Types.ObjectId },
  holder: string,
  built: { messages: OutboundMessage[]; stats: Digest },
): Promise<DigestRunDoc | null> {
  return DigestRun.findOneAndUpdate(
    { _id: run._id, tenantId: run.tenantId, claimedBy: holder, status: 'claimed' },
    { $set: { status: 'built', messages: built.messages, stats: built.stats } },
    { new: true },
  );
}
