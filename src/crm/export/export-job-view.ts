import type { ExportJobRecord } from './export-job-model.js';

export interface ExportJobView {
  id: string;
  kind: string;
  format: string;
  status: string;
  filters: Record<string, unknown>;
  rows: number;
  size: number;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date | null;
  error: string | null;
  /** Present while the file can be downloaded. */
  downloadUrl: string | null;
}

export function toExportJobView(job: ExportJobRecord & { _id: { toHexString(): string } }, now = new Date()): ExportJobView {
  const id = job._id.toHexString();
  const downloadable = job.status === 'done' && job.expiresAt !== null && job.expiresAt !== undefined && job.expiresAt > now;
  const { format: _format, ...filters } = JSON.parse(job.inputJson) as Record<string, unknown>;
  return {
    id,
    kind: job.kind,
    format: job.format,
    status: job.status === 'done' && !downloadable ? 'expired' : job.status,
    filters,
    rows: job.rows ?? 0,
    size: job.size ?? 0,
    queuedAt: job.queuedAt,
    startedAt: job.startedAt ?? null,
    finishedAt: job.finishedAt ?? null,
    expiresAt: job.expiresAt ?? null,
    error: job.error ?? null,
    downloadUrl: downloadable ? `/api/exports/jobs/${id}/file` : null,
  };
}
