import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { ImportJob } from '../../crm/imports/import-job-model.js';
import { acquireLease, releaseLease, renewLease, type LeaseGrant } from '../../jobs/lease.js';

export interface ImportClaim {
  jobId: Types.ObjectId;
  tenantId: Types.ObjectId;
  token: string;
  grant: LeaseGrant;
}

/** A run that keeps dying (it crashes its worker) is given up after this many claims. */
export const MAX_IMPORT_ATTEMPTS = 5;

export function newImportToken(workerId: string): string {
  return `${workerId}:${randomBytes(6).toString('hex')}`;
}

/**
 * Takes the next import that is queued, or running under an expired lock (its worker died: it is
 * resumed). One at a time per tenant: the claim first takes the tenant's `import:<tenant>` lease,
 * which only one worker of any instance can hold. `onlyJobId` claims one particular job (the CLI).
 */
export async function claimImportJob(token: string, lockMs: number, now = new Date(), onlyJobId?: Types.ObjectId): Promise<ImportClaim | null> {
  const candidates = await ImportJob.find(
    {
      ...(onlyJobId ? { _id: onlyJobId } : {}),
      $or: [{ status: 'queued' }, { status: 'running', lockedUntil: { $lte: now } }],
    },
    { tenantId: 1, status: 1, lockedBy: 1, attempts: 1, progress: 1, startedAt: 1 },
  )
    .sort({ queuedAt: 1 })
    .limit(20)
    .lean();
  for (const candidate of candidates) {
    const grant = await acquireLease(`import:${candidate.tenantId}`, token, lockMs, now);
    if (!grant) continue;
    if ((candidate.attempts ?? 0) >= MAX_IMPORT_ATTEMPTS) {
      await ImportJob.updateOne(
        { _id: candidate._id, status: candidate.status, lockedBy: candidate.lockedBy ?? null },
        { $set: { status: 'failed', error: `the import stopped its worker ${MAX_IMPORT_ATTEMPTS} times; see the service log`, lockedBy: null, lockedUntil: null } },
      );
      await releaseLease(grant);
      continue;
    }
    const claimed = await ImportJob.findOneAndUpdate(
      { _id: candidate._id, status: candidate.status, lockedBy: candidate.lockedBy ?? null },
      {
        $set: {
          status: 'running',
          lockedBy: token,
          lockedUntil: new Date(now.getTime() + lockMs),
          startedAt: candidate.startedAt ?? now,
          runStartedAt: now,
          runStartProcessed: candidate.progress?.processed ?? 0,
        },
        $inc: { attempts: 1 },
      },
      { new: true },
    ).lean();
    if (claimed) return { jobId: claimed._id, tenantId: claimed.tenantId, token, grant };
    await releaseLease(grant);
  }
  return null;
}

/** Pushes the job's lock and the tenant lease forward; false when either was lost. */
export async function renewImportClaim(claim: ImportClaim, lockMs: number, now = new Date()): Promise<boolean> {
  const [job, lease] = await Promise.all([
    ImportJob.updateOne({ _id: claim.jobId, lockedBy: claim.token }, { $set: { lockedUntil: new Date(now.getTime() + lockMs) } }),
    renewLease(claim.grant, lockMs, now),
  ]);
  return job.matchedCount === 1 && lease;
}

/** Records why a run failed (a file that can no longer be read, a database error that persists). */
export async function failImportJob(claim: ImportClaim, message: string): Promise<void> {
  await ImportJob.updateOne({ _id: claim.jobId, lockedBy: claim.token }, { $set: { status: 'failed', error: message, lockedBy: null, lockedUntil: null, finishedAt: new Date() } });
}

export async function releaseImportClaim(claim: ImportClaim): Promise<void> {
  await releaseLease(claim.grant);
}
