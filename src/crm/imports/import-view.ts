import type { ImportJobDoc } from './import-job-model.js';
import type { ColumnMapping } from './import-mapping.js';
import { suggestMappingForKind } from './suggest-kind-mapping.js';
import type { FollowUpPreviewFigures } from './preview-followup-import.js';
import type { PreviewFigures } from './preview-import.js';
import type { ProductPreviewFigures } from './preview-product-import.js';

export interface ImportView {
  id: string;
  kind: string;
  fileName: string;
  fileSize: number;
  format: string;
  encoding: string | null;
  status: string;
  headerRow: number;
  columns: string[];
  mapping: ColumnMapping;
  /** What the headers match automatically (to reset a mapping). */
  suggestedMapping: ColumnMapping;
  choices: Record<string, unknown>;
  preview: PreviewFigures | FollowUpPreviewFigures | ProductPreviewFigures | null;
  batchId: string | null;
  progress: { total: number; processed: number; created: number; updated: number; merged: number; skipped: number; rejected: number; percent: number };
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  reportUrl: string | null;
}

/** An import as the API shows it, with its speed and time left while it runs. */
export function toImportView(job: ImportJobDoc, now = new Date()): ImportView {
  const p = job.progress ?? { total: 0, processed: 0, created: 0, updated: 0, merged: 0, skipped: 0, rejected: 0 };
  const total = Math.max(p.total ?? 0, p.processed ?? 0);
  let rowsPerSecond: number | null = null;
  let etaSeconds: number | null = null;
  if (job.runStartedAt && (job.status === 'running' || job.status === 'done')) {
    const end = job.status === 'done' && job.finishedAt ? job.finishedAt : now;
    const seconds = Math.max(0.001, (end.getTime() - job.runStartedAt.getTime()) / 1000);
    rowsPerSecond = Math.round(((p.processed ?? 0) - (job.runStartProcessed ?? 0)) / seconds);
    if (job.status === 'running') etaSeconds = rowsPerSecond > 0 ? Math.ceil((total - (p.processed ?? 0)) / rowsPerSecond) : null;
    if (job.status === 'done') etaSeconds = 0;
  }
  const started = job.status === 'queued' || job.status === 'running' || job.status === 'done' || job.status === 'failed';
  return {
    id: job._id.toHexString(),
    kind: job.kind ?? 'customers',
    fileName: job.fileName,
    fileSize: job.fileSize,
    format: job.format,
    encoding: job.encoding ?? null,
    status: job.status,
    headerRow: job.headerRow,
    columns: job.labels,
    mapping: job.mapping as ColumnMapping,
    suggestedMapping: suggestMappingForKind(job.kind, job.labels),
    choices: job.choices as Record<string, unknown>,
    preview: (job.preview as ImportView['preview']) ?? null,
    batchId: started ? job.batchId : null,
    progress: {
      total,
      processed: p.processed ?? 0,
      created: p.created ?? 0,
      updated: p.updated ?? 0,
      merged: p.merged ?? 0,
      skipped: p.skipped ?? 0,
      rejected: p.rejected ?? 0,
      percent: total > 0 ? Math.floor(((p.processed ?? 0) * 100) / total) : job.status === 'done' ? 100 : 0,
    },
    rowsPerSecond,
    etaSeconds,
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    error: job.error ?? null,
    reportUrl: started ? `/api/imports/${job._id.toHexString()}/rejected.csv` : null,
  };
}
