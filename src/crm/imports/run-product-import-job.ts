import type { Types } from 'mongoose';
import { AuditLog } from '../models/audit-log.js';
import { Product } from '../models/product.js';
import { openImportFile } from './import-files.js';
import { ImportJob } from './import-job-model.js';
import type { ColumnMapping } from './import-mapping.js';
import { ImportRow, type RowOutcome } from './import-row-model.js';
import { insertIgnoringRepeats } from './insert-ignoring-repeats.js';
import { parseProductRow } from './parse-product-row.js';
import { productAction } from './preview-product-import.js';
import { productChoicesSchema } from './product-import-fields.js';
import { loadProductRowContext, ProductSkuIndex } from './product-row-context.js';
import { readTable } from './read-table.js';
import { rejectedRowMarker } from './rejected-row-marker.js';
import { emptyProgress, importObjectId, runInChunks, type ImportJobLean, type RunImportOptions, type RunImportResult } from './run-import-job.js';

/**
 * Runs (or resumes) a claimed product catalogue import. A new SKU becomes a product whose id is
 * derived from (batch, row), so a resumed or repeated run never creates it twice; a SKU already in
 * the catalogue is skipped or updated as chosen; a repeat within the file is skipped; a bad row is
 * rejected (with its cells, for the report) and the file goes on. Every write is audited.
 */
export async function runProductImportJob(jobId: Types.ObjectId, options: RunImportOptions): Promise<RunImportResult> {
  const job = await ImportJob.findOne({ _id: jobId, lockedBy: options.token }).lean<ImportJobLean>();
  if (!job) return 'lost';
  const tenantId = job.tenantId;
  const choices = productChoicesSchema.parse(job.choices ?? {});
  const source = await openImportFile(tenantId, job.fileId);
  const table = await readTable(source, { format: job.format as 'xlsx' | 'csv', encoding: job.encoding as 'utf-8' | undefined });
  const ctx = await loadProductRowContext(tenantId, table.labels, (job.mapping ?? {}) as ColumnMapping);

  const done = await ImportRow.find({ tenantId, batchId: job.batchId }, { row: 1, outcome: 1 }).lean<Array<{ row: number; outcome: RowOutcome }>>();
  const doneRows = new Set(done.map((d) => d.row));
  // Products this batch created are rows of the file, not catalogue entries that were there before.
  const ours = new Set<string>();
  const lastRow = Number((job.preview as { lastRow?: number } | null)?.lastRow ?? 0);
  for (let row = job.headerRow + 1; row <= lastRow; row++) ours.add(importObjectId(job, row, 'product').toHexString());
  const index = await ProductSkuIndex.load(tenantId, ours);
  const progress = { ...emptyProgress(), total: job.preview?.total ?? 0 };
  for (const d of done) progress[d.outcome]++;
  progress.processed = done.length;

  const audit = (row: number, action: string, entityId: Types.ObjectId, before: unknown, after: unknown, at: Date) => ({
    _id: importObjectId(job, row, 'audit'), tenantId, actorId: job.createdBy ?? null, actorName: job.actorName, source: 'import', action,
    entity: 'product', entityId, before: before === null ? null : JSON.parse(JSON.stringify(before)), after: JSON.parse(JSON.stringify(after)), at,
  });

  return runInChunks(job, table.rows, progress, options, async (rows) => {
    const counts: Partial<Record<RowOutcome, number>> = {};
    const count = (outcome: RowOutcome) => (counts[outcome] = (counts[outcome] ?? 0) + 1);
    const created: object[] = [];
    const audits: object[] = [];
    const markers: object[] = [];
    const now = new Date();
    for (const row of rows) {
      const parsed = parseProductRow(row, ctx);
      if (!parsed.ok) {
        if (doneRows.has(row.rowNumber)) continue;
        count('rejected');
        markers.push(rejectedRowMarker(tenantId, job.batchId, row, parsed.errors));
        continue;
      }
      // Rows done by an earlier run still take their place in the in-file index.
      const c = index.classify(parsed.product, row.rowNumber);
      if (doneRows.has(row.rowNumber)) continue;
      const { skuKey, ...fields } = parsed.product;
      const action = productAction(c.kind, choices);
      if (action === 'create') {
        const product = { _id: importObjectId(job, row.rowNumber, 'product'), tenantId, ...fields, skuKey, createdAt: now, updatedAt: now, version: 0 };
        created.push(product);
        count('created');
        audits.push(audit(row.rowNumber, 'product.create', product._id, null, product, now));
        markers.push({ tenantId, batchId: job.batchId, row: row.rowNumber, outcome: 'created', customerId: null, reason: null });
      } else if (action === 'update' && c.target) {
        const product = await Product.findOne({ _id: c.target, tenantId });
        if (!product) {
          count('rejected');
          markers.push(rejectedRowMarker(tenantId, job.batchId, row, [{ field: 'sku', message: 'the catalogue product was deleted meanwhile' }]));
          continue;
        }
        const before = product.toObject();
        product.set(fields);
        if (product.isModified()) {
          await product.save();
          audits.push(audit(row.rowNumber, 'product.update', product._id, before, product.toObject(), now));
        }
        count('updated');
        markers.push({ tenantId, batchId: job.batchId, row: row.rowNumber, outcome: 'updated', customerId: null, reason: null });
      } else {
        count('skipped');
        markers.push({ tenantId, batchId: job.batchId, row: row.rowNumber, outcome: 'skipped', customerId: null, reason: c.reason ?? null });
      }
    }
    await insertIgnoringRepeats(Product, created);
    await insertIgnoringRepeats(AuditLog, audits);
    // Last: a row counts as done only once its product is written.
    await insertIgnoringRepeats(ImportRow, markers);
    return counts;
  });
}
