import type { RowClass } from './classify-row.js';
import type { ImportJobDoc } from './import-job-model.js';
import type { ColumnMapping } from './import-mapping.js';
import type { FieldError } from './parse-import-row.js';
import type { PreviewFigures } from './preview-import.js';
import type { SheetRow } from './read-import-rows.js';

/** How many problem rows and duplicates the preview lists (all are counted). */
const LISTED = 100;

export type KindPreviewFigures<S> = Omit<PreviewFigures, 'samples'> & { samples: Array<{ row: number } & S> };

/** One row as a kind's preview sees it: its errors, or its class, what the run will do with it and how it reads. */
export type KindRowVerdict<S> =
  | { errors: FieldError[] }
  | { kind: RowClass; action: 'create' | 'update' | 'skip'; reason?: string; sample: S };

/** Reads every row once, counting classes, actions and errors as the kind's `judge` says; writes nothing. */
export async function previewKindRows<S>(
  rows: AsyncIterable<SheetRow>,
  judge: (row: SheetRow) => KindRowVerdict<S>,
  onProgress?: (rows: number) => void,
): Promise<KindPreviewFigures<S>> {
  const started = Date.now();
  const figures: KindPreviewFigures<S> = {
    total: 0, lastRow: 0, valid: 0, rejected: 0, classes: { new: 0, existing: 0, in_file: 0 }, actions: { create: 0, update: 0, merge: 0, skip: 0 },
    errors: [], duplicates: [], samples: [], ms: 0,
  };
  for await (const row of rows) {
    figures.total++;
    figures.lastRow = row.rowNumber;
    if (onProgress && figures.total % 1000 === 0) onProgress(figures.total);
    const verdict = judge(row);
    if ('errors' in verdict) {
      figures.rejected++;
      if (figures.errors.length < LISTED) figures.errors.push({ row: row.rowNumber, errors: verdict.errors });
      continue;
    }
    figures.valid++;
    figures.classes[verdict.kind]++;
    figures.actions[verdict.action]++;
    if (verdict.kind !== 'new' && figures.duplicates.length < LISTED) figures.duplicates.push({ row: row.rowNumber, kind: verdict.kind, reason: verdict.reason ?? '', action: verdict.action });
    if (figures.samples.length < 10) figures.samples.push({ row: row.rowNumber, ...verdict.sample });
  }
  figures.ms = Date.now() - started;
  return figures;
}

/** Stores a preview with the mapping and choices it was made with; the import starts with exactly these. */
export async function savePreview(job: ImportJobDoc, mapping: ColumnMapping, choices: object, figures: object & { total: number }): Promise<ImportJobDoc> {
  job.set({ mapping, choices, preview: figures, status: 'previewed', 'progress.total': figures.total });
  job.markModified('mapping');
  job.markModified('choices');
  job.markModified('preview');
  await job.save();
  return job;
}
