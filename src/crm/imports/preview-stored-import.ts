import { z } from 'zod';
import { Conflict, InvalidInput } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { findImport } from './find-import.js';
import { openImportFile } from './import-files.js';
import type { ImportJobDoc } from './import-job-model.js';
import { columnMappingSchema, importChoicesSchema, type ColumnMapping } from './import-mapping.js';
import { previewFollowUpImport } from './preview-followup-import.js';
import { previewImport } from './preview-import.js';
import { previewProductImport } from './preview-product-import.js';
import { readTable } from './read-table.js';
import { loadRowContext } from './row-context.js';

export const previewInputSchema = z
  .object({
    /** Header → field; columns left out keep the current mapping. */
    mapping: columnMappingSchema.optional(),
    choices: importChoicesSchema.optional(),
  })
  .strict();
export type PreviewInput = z.input<typeof previewInputSchema>;

/** Any kind's preview body: a JSON object, checked against the import's kind by previewStoredImport. */
export const anyPreviewInputSchema = z.record(z.string(), z.unknown());

/**
 * Checks every row of an uploaded file with a mapping and duplicate choices and stores the figures;
 * the import can then be started with exactly these settings. Nothing is written to customers.
 */
export async function previewStoredImport(actor: Actor, id: string, raw: unknown, onProgress?: (rows: number) => void): Promise<ImportJobDoc> {
  const job = await findImport(actor, id);
  if (job.status !== 'uploaded' && job.status !== 'previewed') throw new Conflict(`status: this import is already ${job.status}`);
  // Each kind has its own columns and checks.
  if (job.kind === 'followups') return previewFollowUpImport(actor, job, raw, onProgress);
  if (job.kind === 'products') return previewProductImport(actor, job, raw, onProgress);
  const input = parseInput(previewInputSchema, raw);
  const mapping = { ...(job.mapping as ColumnMapping), ...(input.mapping ?? {}) };
  const unknown = Object.keys(mapping).filter((label) => !job.labels.includes(label));
  if (unknown.length > 0) throw new InvalidInput(`mapping: the file has no column ${unknown.map((u) => `"${u}"`).join(', ')}`, unknown.map((u) => ({ path: `mapping.${u}`, message: 'no such column' })));
  parseInput(columnMappingSchema, mapping);
  if (!Object.values(mapping).includes('name')) throw new InvalidInput('mapping: no column is mapped to name', [{ path: 'mapping', message: 'no column is mapped to name' }]);
  const choices = input.choices ?? importChoicesSchema.parse(job.choices ?? {});
  const source = await openImportFile(actor.tenantId, job.fileId);
  const table = await readTable(source, { format: job.format as 'xlsx' | 'csv', encoding: job.encoding as 'utf-8' | undefined });
  const ctx = await loadRowContext(actor.tenantId, table.labels, mapping, choices, job.createdBy ?? null);
  const preview = await previewImport(actor.tenantId, table, ctx, choices, onProgress);
  job.set({ mapping, choices, preview, status: 'previewed', 'progress.total': preview.total });
  job.markModified('mapping');
  job.markModified('choices');
  job.markModified('preview');
  await job.save();
  return job;
}
