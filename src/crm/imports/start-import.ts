import { createHash } from 'node:crypto';
import { Conflict } from '../../errors.js';
import type { Actor } from '../actor.js';
import { findImport } from './find-import.js';
import { deleteImportFile } from './import-files.js';
import { ImportJob, type ImportJobDoc } from './import-job-model.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';

/**
 * Queues a previewed import as a background job. Its batch id is the hash of the file, the mapping
 * and the choices: the same file imported the same way again is the same batch, so the earlier job
 * is returned (`repeated`) and this upload is dropped — nothing is imported twice.
 */
export async function startImport(actor: Actor, id: string): Promise<{ job: ImportJobDoc; repeated: boolean }> {
  const job = await findImport(actor, id);
  if (job.status !== 'previewed') {
    if (job.status === 'uploaded') throw new Conflict('status: preview the import first (POST /api/imports/:id/preview)');
    return { job, repeated: true };
  }
  const batchId = importBatchId(job.fileSha256, job.mapping, job.choices);
  const earlier = await ImportJob.findOne({ tenantId: actor.tenantId, batchId });
  if (earlier) return dropRepeat(job, earlier);
  try {
    const queued = await ImportJob.findOneAndUpdate(
      { _id: job._id, tenantId: actor.tenantId, status: 'previewed' },
      { $set: { batchId, status: 'queued', queuedAt: new Date() } },
      { new: true },
    );
    if (!queued) throw new Conflict('status: the import changed meanwhile; reload it');
    return { job: queued, repeated: false };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const other = await ImportJob.findOne({ tenantId: actor.tenantId, batchId });
    if (!other) throw error;
    return dropRepeat(job, other);
  }
}

async function dropRepeat(upload: ImportJobDoc, earlier: ImportJobDoc): Promise<{ job: ImportJobDoc; repeated: boolean }> {
  if (!upload._id.equals(earlier._id)) {
    await ImportJob.deleteOne({ _id: upload._id, tenantId: upload.tenantId, status: { $in: ['uploaded', 'previewed'] } });
    if (!upload.fileId.equals(earlier.fileId)) await deleteImportFile(upload.fileId);
  }
  return { job: earlier, repeated: true };
}

/** sha256 of the file's hash, the mapping and the choices, each with sorted keys. */
export function importBatchId(fileSha256: string, mapping: unknown, choices: unknown): string {
  return createHash('sha256').update(JSON.stringify([fileSha256, sortKeys(mapping), sortKeys(choices)])).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
