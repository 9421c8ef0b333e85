import { runExportJob } from '../../crm/export/run-export-job.js';
import { CrmError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { keepLockAlive } from '../../queue/lock-heartbeat.js';
import { claimExportJob, failExportJob, renewExportClaim } from './claim-export-job.js';

export interface RunNextExportOptions {
  token: string;
  lockMs: number;
  /** `<DATA_DIR>/exports`. */
  directory: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * Claims one due export job and writes its file under a renewed lock. Resolves false when nothing
 * was due. Typed errors (the creator may no longer export) fail the job with their message;
 * anything else leaves it for a retry once the lock expires.
 */
export async function runNextExport(options: RunNextExportOptions): Promise<boolean> {
  const jobId = await claimExportJob(options.token, options.lockMs);
  if (!jobId) return false;
  const stopHeartbeat = keepLockAlive(
    options.lockMs,
    () => renewExportClaim(jobId, options.token, options.lockMs),
    (error) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not renew the export lock'),
  );
  const started = Date.now();
  try {
    const rows = await runExportJob(jobId, { token: options.token, directory: options.directory });
    options.logger.info({ exportJobId: jobId.toHexString(), rows, ms: Date.now() - started }, 'export job ended');
  } catch (error) {
    if (error instanceof CrmError) await failExportJob(jobId, options.token, error.message);
    else options.logger.error({ exportJobId: jobId.toHexString(), err: error }, 'export job failed; it will be retried');
  } finally {
    stopHeartbeat();
  }
  return true;
}
