import mongoose, { Schema } from 'mongoose';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { isDuplicateKeyError } from '../db/is-duplicate-key-error.js';

/**
 * A named lease in MongoDB: at most one holder until `expiresAt`. A holder that crashes
 * simply stops renewing, and the next contender takes over once the lease has expired.
 * The lease only keeps instances from doing the same work at the same time; work that
 * must happen exactly once is also guarded by its own unique key (e.g. DigestRun).
 */
interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
  acquiredAt: Date;
  /** Grows each time the lease changes hands: lets a holder tell it lost the lease meanwhile. */
  generation: number;
}

const leaseSchema = new Schema<LeaseDoc>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    acquiredAt: { type: Date, required: true },
    generation: { type: Number, required: true },
  },
  { collection: 'leases', versionKey: false },
);

export const LeaseModel =
  (mongoose.models.Lease as mongoose.Model<LeaseDoc> | undefined) ?? mongoose.model<LeaseDoc>('Lease', leaseSchema);

export interface LeaseGrant {
  name: string;
  holder: string;
  expiresAt: Date;
  generation: number;
}

/**
 * Takes the lease if it is free, expired, or already ours (then it is extended).
 * Returns null when another holder has an unexpired lease.
 */
export async function acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseGrant | null> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const ours = await LeaseModel.findOneAndUpdate(
    { _id: name, holder },
    { $set: { expiresAt } },
    { new: true },
  ).lean();
  if (ours) return { name, holder, expiresAt, generation: ours.generation };

  const taken = await LeaseModel.findOneAndUpdate(
    { _id: name, expiresAt: { $lte: now } },
    { $set: { holder, expiresAt, acquiredAt: now }, $inc: { generation: 1 } },
    { new: true },
  ).lean();
  if (taken) return { name, holder, expiresAt, generation: taken.generation };

  try {
    // Nobody has ever held it: the first insert wins, the others hit the unique _id.
    await LeaseModel.create({ _id: name, holder, expiresAt, acquiredAt: now, generation: 1 });
    return { name, holder, expiresAt, generation: 1 };
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/** Extends a lease we still hold; false if it expired and someone else took it (stop working then). */
export async function renewLease(grant: LeaseGrant, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const result = await LeaseModel.updateOne(
    { _id: grant.name, holder: grant.holder, generation: grant.generation },
    { $set: { expiresAt } },
  );
  if (result.matchedCount === 1) grant.expiresAt = expiresAt;
  return result.matchedCount === 1;
}

/** Gives the lease up at once so another instance need not wait for the expiry. */
export async function releaseLease(grant: LeaseGrant): Promise<void> {
  await LeaseModel.updateOne(
    { _id: grant.name, holder: grant.holder, generation: grant.generation },
    { $set: { expiresAt: new Date(0) } },
  );
}

export async function currentLeaseHolder(name: string, now: Date): Promise<string | null> {
  const doc = await LeaseModel.findById(name).lean();
  return doc && doc.expiresAt.getTime() > now.getTime() ? doc.holder : null;
}

/** A lease bound to one holder and clock, for callers that acquire and renew repeatedly. */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** Acquires or renews; true while we hold it. */
  tryHold(): Promise<boolean>;
  release(): Promise<void>;
}

export function createLease(options: { name: string; holder: string; ttlMs: number; clock?: Clock }): Lease {
  const clock = options.clock ?? systemClock;
  let grant: LeaseGrant | null = null;
  return {
    name: options.name,
    holder: options.holder,
    async tryHold() {
      grant = await acquireLease(options.name, options.holder, options.ttlMs, clock.now());
      return grant !== null;
    },
    async release() {
      if (grant) await releaseLease(grant);
      grant = null;
    },
  };
}
