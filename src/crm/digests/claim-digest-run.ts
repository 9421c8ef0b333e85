import type { Types } from 'mongoose';
import type { DigestKind } from './digest-schedule.js';
import { DigestRun, type DigestRunDoc } from './digest-run.js';
import type { Period } from './period.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';

export interface ClaimDigestRunInput {
  tenantId: Types.ObjectId;
  recipientId: Types.ObjectId;
  kind: DigestKind;
  period: Period;
  scheduledFor: Date;
  subscriptionId?: Types.ObjectId | null;
  /** The instance claiming it. */
  holder: string;
  now: Date;
  /** A run unfinished for this long belongs to a crashed instance and may be resumed. */
  staleAfterMs?: number;
}

export const DEFAULT_STALE_AFTER_MS = 2 * 60_000;

/**
 * Inserts the run before anything is built or sent. Returns the run when this caller owns it
 * (freshly claimed, or an abandoned one taken over), null when it is done or someone else is on it.
 */
export async function claimDigestRun(input: ClaimDigestRunInput): Promise<DigestRunDoc | null> {
  const key = { tenantId: input.tenantId, recipientId: input.recipientId, kind: input.kind, periodKey: input.period.key };
  try {
    return await DigestRun.create({
      ...key,
      periodStart: input.period.start,
      periodEnd: input.period.end,
      timezone: input.period.timezone,
      scheduledFor: input.scheduledFor,
      subscriptionId: input.subscriptionId ?? null,
      status: 'claimed',
      claimedBy: input.holder,
      claimedAt: input.now,
      attempts: 1,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return resumeAbandonedRun(key, input.holder, input.now, input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
}

async function resumeAbandonedRun(
  key: { tenantId: Types.ObjectId; recipientId: Types.ObjectId; kind: DigestKind; periodKey: string },
  holder: string,
  now: Date,
  staleAfterMs: number,
): Promise<DigestRunDoc | null> {
  // Conditional on the old claim time, so of several instances resuming at once exactly one wins.
  return DigestRun.findOneAndUpdate(
    {
      ...key,
      status: { $in: ['claimed', 'built'] },
      claimedAt: { $lte: new Date(now.getTime() - staleAfterMs) },
    },
    { $set: { claimedBy: holder, claimedAt: now }, $inc: { attempts: 1 } },
    { new: true },
  );
}
