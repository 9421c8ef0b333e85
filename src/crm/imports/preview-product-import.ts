import { z } from 'zod';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { openImportFile } from './import-files.js';
import type { ImportJobDoc } from './import-job-model.js';
import { mergeKindMapping } from './kind-columns.js';
import { parseProductRow } from './parse-product-row.js';
import { previewKindRows, savePreview, type KindPreviewFigures } from './kind-preview.js';
import { PRODUCT_IMPORT_FIELD_NAMES, productChoicesSchema, productMappingSchema, type ProductChoices } from './product-import-fields.js';
import { loadProductRowContext, ProductSkuIndex } from './product-row-context.js';
import { readTable } from './read-table.js';

export const productPreviewInputSchema = z
  .object({
    /** Header → field; columns left out keep the current mapping. */
    mapping: z.record(z.string().max(200), z.enum(['ignore', ...PRODUCT_IMPORT_FIELD_NAMES])).optional(),
    /** `existing`: a row whose SKU is in the catalogue is skipped (default) or updates that product. */
    choices: productChoicesSchema.optional(),
  })
  .strict();

export type ProductPreviewFigures = KindPreviewFigures<{ name: string; sku: string; unit: string; listPrice: number; currency: string; active: boolean; kind: string; action: string }>;

/**
 * Checks every row of a product catalogue file as creating the product by hand would, and
 * classifies it by SKU as new, already in the catalogue (skip or update, as chosen) or a repeat
 * within the file (skipped). Nothing is written but the figures.
 */
export async function previewProductImport(actor: Actor, job: ImportJobDoc, raw: unknown, onProgress?: (rows: number) => void): Promise<ImportJobDoc> {
  const input = parseInput(productPreviewInputSchema, raw);
  const mapping = mergeKindMapping(job, input.mapping, productMappingSchema);
  const choices: ProductChoices = input.choices ?? productChoicesSchema.parse(job.choices ?? {});
  const source = await openImportFile(actor.tenantId, job.fileId);
  const table = await readTable(source, { format: job.format as 'xlsx' | 'csv', encoding: job.encoding as 'utf-8' | undefined });
  const ctx = await loadProductRowContext(actor.tenantId, table.labels, mapping);
  const index = await ProductSkuIndex.load(actor.tenantId);
  const figures: ProductPreviewFigures = await previewKindRows(table.rows, (row) => {
    const parsed = parseProductRow(row, ctx);
    if (!parsed.ok) return { errors: parsed.errors };
    const c = index.classify(parsed.product, row.rowNumber);
    const action = productAction(c.kind, choices);
    const { skuKey: _key, ...product } = parsed.product;
    return { kind: c.kind, action, reason: c.reason, sample: { ...product, kind: c.kind, action } };
  }, onProgress);
  return savePreview(job, mapping, choices, figures);
}

/** New rows are created, catalogue SKUs skipped or updated as chosen, repeats within the file skipped. */
export function productAction(kind: 'new' | 'existing' | 'in_file', choices: ProductChoices): 'create' | 'update' | 'skip' {
  if (kind === 'new') return 'create';
  return kind === 'existing' ? choices.existing : 'skip';
}
