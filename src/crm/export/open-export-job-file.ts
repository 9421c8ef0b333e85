import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../actor.js';
import { recordAudit } from '../record-audit.js';
import { Conflict, Gone } from '../../errors.js';
import { findExportJob } from './find-export-job.js';
import { EXPORT_CONTENT_TYPES, type ExportFormat } from './table-writer.js';

export interface ExportJobFile {
  stream: Readable;
  contentType: string;
  fileName: string;
  size: number;
}

/**
 * The finished file of an export job the caller may see, while it has not expired; each download
 * leaves an audit entry. A job still running is a 409 saying so; one whose download window has
 * passed (or whose file was swept) is gone.
 */
export async function openExportJobFile(actor: Actor, id: string, directory: string, now = new Date()): Promise<ExportJobFile> {
  const job = await findExportJob(actor, id);
  const expired = new Gone(`this export expired${job.expiresAt ? ` at ${job.expiresAt.toISOString()}` : ''}; start a new one`);
  if (job.status === 'expired' || (job.status === 'done' && (!job.expiresAt || job.expiresAt <= now))) throw expired;
  if (job.status !== 'done' || !job.filePath) throw new Conflict(`the export is ${job.status}${job.error ? `: ${job.error}` : ''}; its file is not ready`);
  const file = path.join(directory, job.filePath);
  try {
    await access(file);
  } catch {
    throw expired;
  }
  await recordAudit(actor, { action: 'download', entity: 'export_job', entityId: job._id, before: null, after: { kind: job.kind, format: job.format, rows: job.rows } });
  return {
    stream: createReadStream(file),
    contentType: EXPORT_CONTENT_TYPES[job.format as ExportFormat],
    fileName: job.downloadName ?? path.basename(file),
    size: job.size ?? 0,
  };
}
