import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Types } from 'mongoose';
import type { Actor, Role } from '../actor.js';
import { ExportJob, type ExportJobRecord } from './export-job-model.js';
import { EXPORT_FILE_TTL_MS, exportFilePath } from './export-job-files.js';
import { prepareExportOfKind, type ExportKind } from './export-kinds.js';

export interface RunExportJobOptions {
  /** The claim's lock token: only the holder may settle the job. */
  token: string;
  /** `<DATA_DIR>/exports`. */
  directory: string;
  now?: () => Date;
}

/** Who the job acts as: its creator with the role and departments they had when they asked. */
export function exportJobActor(job: Pick<ExportJobRecord, 'createdBy' | 'actor'> & { tenantId: Types.ObjectId }): Actor {
  return {
    tenantId: job.tenantId,
    staffId: job.createdBy ?? null,
    // A job saved without its actor (never, by createExportJob) would see no more than a salesperson.
    role: (job.actor?.role ?? 'sales') as Role,
    departments: [...(job.actor?.departments ?? [])],
    source: 'job',
    ...(job.actor?.name ? { name: job.actor.name } : {}),
  };
}

/**
 * Writes a claimed job's file with the same row generators a direct download streams (constant
 * memory), first under a `.part` name so a crashed run never leaves a file that looks finished;
 * a resumed run starts the file over. Returns the rows written, or null when the claim was lost.
 */
export async function runExportJob(jobId: Types.ObjectId, options: RunExportJobOptions): Promise<number | null> {
  const job = await ExportJob.findOne({ _id: jobId, lockedBy: options.token }).lean();
  if (!job) return null;
  const prepared = await prepareExportOfKind(exportJobActor(job), job.kind as ExportKind, JSON.parse(job.inputJson) as Record<string, unknown>);
  const relative = exportFilePath(job.tenantId, job._id, job.format);
  const target = path.join(options.directory, relative);
  const partial = `${target}.part`;
  await mkdir(path.dirname(target), { recursive: true });
  const output = createWriteStream(partial);
  const closed = once(output, 'close');
  let rows: number;
  try {
    rows = await prepared.run(output);
    await closed;
  } catch (error) {
    output.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, target);
  const size = (await stat(target)).size;
  const now = options.now?.() ?? new Date();
  const day = now.toISOString().slice(0, 10);
  const settled = await ExportJob.updateOne(
    { _id: job._id, lockedBy: options.token },
    {
      $set: {
        status: 'done', rows, size, filePath: relative, downloadName: `${prepared.fileName ?? `${prepared.name}-${day}`}.${prepared.format}`,
        finishedAt: now, expiresAt: new Date(now.getTime() + EXPORT_FILE_TTL_MS), lockedBy: null, lockedUntil: null, error: null,
      },
    },
  );
  if (settled.matchedCount === 0) {
    await rm(target, { force: true });
    return null;
  }
  return rows;
}
