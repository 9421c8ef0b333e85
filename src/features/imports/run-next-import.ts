import type { Types } from 'mongoose';
import { runImportJob } from '../../crm/imports/run-import-job.js';
import { runFollowUpImportJob } from '../../crm/imports/run-followup-import-job.js';
import { runProductImportJob } from '../../crm/imports/run-product-import-job.js';
import { ImportJob, type ImportJobRecord } from '../../crm/imports/import-job-model.js';
import { CrmError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { keepLockAlive } from '../../queue/lock-heartbeat.js';
import { claimImportJob, failImportJob, releaseImportClaim, renewImportClaim } from './claim-import-job.js';

export interface RunNextImportOptions {
  token: string;
  lockMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  onlyJobId?: Types.ObjectId;
  chunkSize?: number;
  onProgress?: (progress: ImportJobRecord['progress']) => void | Promise<void>;
}

/**
 * Claims one due import and runs it to the end under a renewed lock and tenant lease. Resolves
 * false when nothing was due. A run whose claim is lost stops at its next chunk; a crashed one is
 * resumed by whichever worker claims it after its lock expires.
 */
export async function runNextImport(options: RunNextImportOptions): Promise<boolean> {
  const claim = await claimImportJob(options.token, options.lockMs, new Date(), options.onlyJobId);
  if (!claim) return false;
  let held = true;
  const stopHeartbeat = keepLockAlive(
    options.lockMs,
    async () => {
      if (!(await renewImportClaim(claim, options.lockMs))) held = false;
    },
    (error) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not renew the import lock'),
  );
  const started = Date.now();
  try {
    const kind = (await ImportJob.findById(claim.jobId, { kind: 1 }).lean())?.kind;
    const run = kind === 'followups' ? runFollowUpImportJob : kind === 'products' ? runProductImportJob : runImportJob;
    const result = await run(claim.jobId, {
      token: claim.token,
      lockMs: options.lockMs,
      chunkSize: options.chunkSize,
      stillHeld: () => held,
      onProgress: options.onProgress,
    });
    options.logger.info({ importId: claim.jobId.toHexString(), result, ms: Date.now() - started }, 'import run ended');
  } catch (error) {
    // Bad input was refused at the preview; what fails here is the file store or the database.
    // Typed errors fail the job with their message; anything else is left for a retry after the lock expires.
    if (error instanceof CrmError) await failImportJob(claim, error.message);
    else options.logger.error({ importId: claim.jobId.toHexString(), err: error }, 'import run failed; it will be resumed');
  } finally {
    stopHeartbeat();
    await releaseImportClaim(claim).catch(() => {});
  }
  return true;
}
