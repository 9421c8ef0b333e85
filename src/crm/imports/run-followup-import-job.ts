import type { Types } from 'mongoose';
import { Activity } from '../models/activity.js';
import { Customer } from '../models/customer.js';
import { loadFollowUpRowContext } from './followup-row-context.js';
import { openImportFile } from './import-files.js';
import { ImportJob } from './import-job-model.js';
import type { ColumnMapping } from './import-mapping.js';
import { ImportRow, type RowOutcome } from './import-row-model.js';
import { insertIgnoringRepeats } from './insert-ignoring-repeats.js';
import { parseFollowUpRow } from './parse-followup-row.js';
import { readTable } from './read-table.js';
import { rejectedRowMarker } from './rejected-row-marker.js';
import { emptyProgress, runInChunks, type ImportJobLean, type RunImportOptions, type RunImportResult } from './run-import-job.js';

/**
 * Runs (or resumes) a claimed follow-up history import: each valid row becomes a follow-up on the
 * customer it names, keyed `import:<batch>:<row>:follow_up`, so a resumed or repeated run never
 * writes a row twice; a row naming no known customer is rejected (with its cells, for the report)
 * and the file goes on. The customers' last-contact dates move forward to the newest imported one.
 */
export async function runFollowUpImportJob(jobId: Types.ObjectId, options: RunImportOptions): Promise<RunImportResult> {
  const job = await ImportJob.findOne({ _id: jobId, lockedBy: options.token }).lean<ImportJobLean>();
  if (!job) return 'lost';
  const tenantId = job.tenantId;
  const source = await openImportFile(tenantId, job.fileId);
  const table = await readTable(source, { format: job.format as 'xlsx' | 'csv', encoding: job.encoding as 'utf-8' | undefined });
  const defaultAuthor = (job.choices as { defaultOwner?: string } | null)?.defaultOwner;
  const ctx = await loadFollowUpRowContext(tenantId, table.labels, (job.mapping ?? {}) as ColumnMapping, job.createdBy ?? null, defaultAuthor);

  const done = await ImportRow.find({ tenantId, batchId: job.batchId }, { row: 1, outcome: 1 }).lean<Array<{ row: number; outcome: RowOutcome }>>();
  const doneRows = new Set(done.map((d) => d.row));
  const progress = { ...emptyProgress(), total: job.preview?.total ?? 0 };
  for (const d of done) progress[d.outcome]++;
  progress.processed = done.length;
  return runInChunks(job, table.rows, progress, options, async (rows) => {
    const counts: Partial<Record<RowOutcome, number>> = {};
    const activities: object[] = [];
    const markers: object[] = [];
    const lastContact = new Map<string, { id: Types.ObjectId; at: Date }>();
    const now = new Date();
    for (const row of rows) {
      if (doneRows.has(row.rowNumber)) continue;
      const parsed = parseFollowUpRow(row, ctx);
      if (!parsed.ok) {
        counts.rejected = (counts.rejected ?? 0) + 1;
        markers.push(rejectedRowMarker(tenantId, job.batchId, row, parsed.errors));
        continue;
      }
      const f = parsed.followUp;
      counts.created = (counts.created ?? 0) + 1;
      activities.push({
        tenantId, customerId: f.customerId, type: 'follow_up', at: f.at, authorId: f.authorId, source: 'import', content: f.content,
        channel: f.channel, data: { batchId: job.batchId, row: row.rowNumber }, dedupeKey: `import:${job.batchId}:${row.rowNumber}:follow_up`, createdAt: now,
      });
      markers.push({ tenantId, batchId: job.batchId, row: row.rowNumber, outcome: 'created', customerId: f.customerId, reason: null });
      const key = f.customerId.toHexString();
      const latest = lastContact.get(key);
      if (!latest || latest.at < f.at) lastContact.set(key, { id: f.customerId, at: f.at });
    }
    await insertIgnoringRepeats(Activity, activities);
    if (lastContact.size > 0) {
      // $max: history older than what the customer already shows leaves the date as it is.
      await Customer.bulkWrite([...lastContact.values()].map(({ id, at }) => ({ updateOne: { filter: { _id: id, tenantId }, update: { $max: { lastContactAt: at } } } })), { ordered: false });
    }
    // Last: a row counts as done only once its follow-up is written.
    await insertIgnoringRepeats(ImportRow, markers);
    return counts;
  });
}
