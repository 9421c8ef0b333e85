import { z } from 'zod';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { followUpMappingSchema, FOLLOWUP_IMPORT_FIELD_NAMES } from './followup-import-fields.js';
import { loadFollowUpRowContext } from './followup-row-context.js';
import { openImportFile } from './import-files.js';
import type { ImportJobDoc } from './import-job-model.js';
import { mergeKindMapping } from './kind-columns.js';
import { previewKindRows, savePreview, type KindPreviewFigures } from './kind-preview.js';
import { parseFollowUpRow } from './parse-followup-row.js';
import { readTable } from './read-table.js';

export const followUpPreviewInputSchema = z
  .object({
    /** Header → field; columns left out keep the current mapping. */
    mapping: z.record(z.string().max(200), z.enum(['ignore', ...FOLLOWUP_IMPORT_FIELD_NAMES])).optional(),
    /** `defaultOwner`: who wrote rows without an author cell (user id, name or mobile); else whoever uploaded the file. */
    choices: z.object({ defaultOwner: z.string().trim().min(1).max(100).optional() }).strict().optional(),
  })
  .strict();

/** A follow-up file's preview: every row is new history (classes and actions as a customer import's, for the same screens). */
export type FollowUpPreviewFigures = KindPreviewFigures<{ customerId: string; at: Date; channel: string; content: string }>;

/**
 * Checks every row of a follow-up history file — the customer it names must exist (by number,
 * phone or name), the date and channel must read — and stores the figures. Nothing is written.
 */
export async function previewFollowUpImport(actor: Actor, job: ImportJobDoc, raw: unknown, onProgress?: (rows: number) => void): Promise<ImportJobDoc> {
  const input = parseInput(followUpPreviewInputSchema, raw);
  const mapping = mergeKindMapping(job, input.mapping, followUpMappingSchema);
  const source = await openImportFile(actor.tenantId, job.fileId);
  const table = await readTable(source, { format: job.format as 'xlsx' | 'csv', encoding: job.encoding as 'utf-8' | undefined });
  const choices = input.choices ?? (job.choices as { defaultOwner?: string }) ?? {};
  const ctx = await loadFollowUpRowContext(actor.tenantId, table.labels, mapping, job.createdBy ?? null, choices.defaultOwner);
  const figures: FollowUpPreviewFigures = await previewKindRows(table.rows, (row) => {
    const parsed = parseFollowUpRow(row, ctx);
    if (!parsed.ok) return { errors: parsed.errors };
    const f = parsed.followUp;
    return { kind: 'new', action: 'create', sample: { customerId: f.customerId.toHexString(), at: f.at, channel: f.channel, content: f.content.slice(0, 200) } };
  }, onProgress);
  return savePreview(job, mapping, choices, figures);
}
