import path from 'node:path';
import type { Types } from 'mongoose';

/** How long a finished export can be downloaded; the sweep deletes its file after. */
export const EXPORT_FILE_TTL_MS = 24 * 60 * 60 * 1000;

/** Export files live under `<DATA_DIR>/exports/<tenant>/`, named by their job. */
export function exportDirectory(dataDir: string): string {
  return path.join(dataDir, 'exports');
}

export function exportFilePath(tenantId: Types.ObjectId, jobId: Types.ObjectId, format: string): string {
  return path.join(String(tenantId), `${jobId.toHexString()}.${format}`);
}
