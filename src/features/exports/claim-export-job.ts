import type { Types } from 'mongoose';
import { ExportJob } from '../../crm/export/export-job-model.js';

/** A run that keeps dying (it crashes its worker) is given up after this many claims. */
export const MAX_EXPORT_ATTEMPTS = 3;

/**
 * Takes the oldest export that is queued, or running under an expired lock (its worker died: it
 * is started over). One atomic update, so two workers never take the same job.
 */
export async function claimExportJob(token: string, lockMs: number, now = new Date()): Promise<Types.ObjectId | null> {
  const due = { $or: [{ status: 'queued' }, { status: 'running', lockedUntil: { $lte: now } }] };
  await ExportJob.updateMany(
    { ...due, attempts: { $gte: MAX_EXPORT_ATTEMPTS } },
    { $set: { status: 'failed', error: `the export stopped its worker ${MAX_EXPORT_ATTEMPTS} times; see the service log`, lockedBy: null, lockedUntil: null, finishedAt: now } },
  );
  const claimed = await ExportJob.findOneAndUpdate(
    due,
    { $set: { status: 'running', lockedBy: token, lockedUntil: new Date(now.getTime() + lockMs), startedAt: now }, $inc: { attempts: 1 } },
    { sort: { queuedAt: 1 }, new: true, projection: { _id: 1 } },
  ).lean();
  return claimed?._id ?? null;
}

export async function renewExportClaim(jobId: Types.ObjectId, token: string, lockMs: number, now = new Date()): Promise<boolean> {
  const result = await ExportJob.updateOne({ _id: jobId, lockedBy: token }, { $set: { lockedUntil: new Date(now.getTime() + lockMs) } });
  return result.matchedCount === 1;
}

export async function failExportJob(jobId: Types.ObjectId, token: string, message: string): Promise<void> {
  await ExportJob.updateOne({ _id: jobId, lockedBy: token }, { $set: { status: 'failed', error: message, lockedBy: null, lockedUntil: null, finishedAt: new Date() } });
}
