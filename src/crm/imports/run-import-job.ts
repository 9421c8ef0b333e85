import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { insertCustomerWithCode } from '../customers/insert-customer-with-code.js';
import { tenantNumberFormatter } from '../settings/tenant-number-formatter.js';
import { buildSearchText } from '../customers/search-text.js';
import { Activity } from '../models/activity.js';
import { AuditLog } from '../models/audit-log.js';
import { reserveSequence } from '../models/counter.js';
import { Customer } from '../models/customer.js';
import { applyRowToCustomer, type CustomerFields } from './apply-row-to-customer.js';
import { classifyRow } from './classify-row.js';
import { decideRow } from './decide-row.js';
import { DuplicateIndex, loadExistingCustomers } from './duplicate-index.js';
import { duplicateKeys } from './duplicate-keys.js';
import { openImportFile } from './import-files.js';
import { ImportJob, type ImportJobRecord } from './import-job-model.js';
import { importChoicesSchema, type ColumnMapping } from './import-mapping.js';
import { ImportRow, type RowOutcome } from './import-row-model.js';
import { insertIgnoringRepeats, withoutUndefined } from './insert-ignoring-repeats.js';
import type { ImportCustomer, RowContext } from './parse-import-row.js';
import { parseImportRow } from './parse-import-row.js';
import type { SheetRow } from './read-import-rows.js';
import { readTable } from './read-table.js';
import { loadRowContext } from './row-context.js';

export type ImportJobLean = ImportJobRecord & { _id: Types.ObjectId; createdAt: Date };

export interface RunImportOptions {
  /** The claim token the job's `lockedBy` carries: every write of progress checks it. */
  token: string;
  lockMs: number;
  /** Rows written per round trip. */
  chunkSize?: number;
  /** False once the claim was lost (another worker took the job over): stop. */
  stillHeld?: () => boolean;
  /** Called after each saved chunk; the run waits for a returned promise (a caller may pace it). */
  onProgress?: (progress: ImportJobRecord['progress']) => void | Promise<void>;
}

export type RunImportResult = 'done' | 'lost';

/** Rejected cells are kept for the report, cut to this length (a 1 MB cell is not stored twice). */
const KEPT_CELL_CHARS = 2000;

/**
 * Runs (or resumes) a claimed import: reads the file again from the start and, chunk by chunk,
 * writes the rows that have no outcome yet. Everything it writes is keyed by (batch, row) —
 * customers' ids, activities' dedupe keys, audit entries' ids, the row outcomes — so rows a
 * crashed run already wrote are found and not written twice. A bad row is recorded as rejected
 * and the file goes on.
 */
export async function runImportJob(jobId: Types.ObjectId, options: RunImportOptions): Promise<RunImportResult> {
  const job = await ImportJob.findOne({ _id: jobId, lockedBy: options.token }).lean<ImportJobLean>();
  if (!job) return 'lost';
  const tenantId = job.tenantId;
  const actor: Actor = { tenantId, staffId: job.createdBy ?? null, role: 'admin', departments: [], source: 'import', name: job.actorName };
  const choices = importChoicesSchema.parse(job.choices ?? {});
  const mapping = (job.mapping ?? {}) as ColumnMapping;
  const source = await openImportFile(tenantId, job.fileId);
  const table = await readTable(source, { format: job.format as 'xlsx' | 'csv', encoding: job.encoding as 'utf-8' | undefined });
  const ctx = await loadRowContext(tenantId, table.labels, mapping, choices, job.createdBy ?? null);

  // What an earlier run of this batch already did.
  const done = await ImportRow.find({ tenantId, batchId: job.batchId }, { row: 1, outcome: 1, customerId: 1 }).lean<
    Array<{ row: number; outcome: RowOutcome; customerId: Types.ObjectId | null }>
  >();
  const doneByRow = new Map(done.map((d) => [d.row, d]));
  // Customers this batch created are rows of the file, not customers that were there before — also
  // those an interrupted run inserted without recording the row's outcome (their ids are the batch's).
  const ours = new Set(done.filter((d) => d.outcome === 'created' && d.customerId).map((d) => d.customerId!.toHexString()));
  const lastRow = Number((job.preview as { lastRow?: number } | null)?.lastRow ?? 0);
  for (let row = job.headerRow + 1; row <= lastRow; row++) ours.add(importObjectId(job, row, 'customer').toHexString());
  const progress = { ...emptyProgress(), total: job.preview?.total ?? 0 };
  for (const d of done) progress[d.outcome]++;
  progress.processed = done.length;
  done.length = 0;

  const existing = await loadExistingCustomers(tenantId, ours);
  const inFile = new DuplicateIndex();
  const writer = createChunkWriter({ job, actor, ctx, choices, existing, inFile });
  return runInChunks(job, table.rows, progress, options, (rows) => writer.write(rows, doneByRow));
}

/**
 * Reads the rows in chunks and has `write` write each; after each chunk the progress is saved under
 * the claim (a lost claim stops the run), and at the end the job is marked done.
 */
export async function runInChunks(
  job: ImportJobLean,
  rows: AsyncIterable<SheetRow>,
  progress: ReturnType<typeof emptyProgress>,
  options: RunImportOptions,
  write: (rows: SheetRow[]) => Promise<Partial<Record<RowOutcome, number>>>,
): Promise<RunImportResult> {
  const chunkSize = options.chunkSize ?? 500;
  let chunk: SheetRow[] = [];

  const flush = async (): Promise<boolean> => {
    if (chunk.length === 0) return true;
    const rows = chunk;
    chunk = [];
    const counts = await write(rows);
    for (const [outcome, n] of Object.entries(counts) as Array<[RowOutcome, number]>) progress[outcome] += n;
    progress.processed += Object.values(counts).reduce((a, b) => a + b, 0);
    progress.lastRow = rows[rows.length - 1]!.rowNumber;
    if (options.stillHeld && !options.stillHeld()) return false;
    const saved = await ImportJob.updateOne(
      { _id: job._id, lockedBy: options.token },
      { $set: { progress, lockedUntil: new Date(Date.now() + options.lockMs) } },
    );
    await options.onProgress?.({ ...progress });
    return saved.matchedCount === 1;
  };

  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length >= chunkSize && !(await flush())) return 'lost';
  }
  if (!(await flush())) return 'lost';
  const finished = await ImportJob.updateOne(
    { _id: job._id, lockedBy: options.token },
    { $set: { status: 'done', progress: { ...progress, total: progress.processed }, finishedAt: new Date(), lockedBy: null, lockedUntil: null, error: null } },
  );
  return finished.matchedCount === 1 ? 'done' : 'lost';
}

export function emptyProgress(): Record<RowOutcome | 'total' | 'processed' | 'lastRow', number> {
  return { total: 0, processed: 0, created: 0, updated: 0, merged: 0, skipped: 0, rejected: 0, lastRow: 0 };
}

interface WriterDeps {
  job: ImportJobLean;
  actor: Actor;
  ctx: RowContext;
  choices: ReturnType<typeof importChoicesSchema.parse>;
  existing: DuplicateIndex;
  inFile: DuplicateIndex;
}

interface Change {
  row: number;
  target: Types.ObjectId;
  customer: ImportCustomer;
  mode: 'update' | 'merge';
}

/** Ids that are the same in every run of the batch; the time part is the upload's, so they sort with their era. */
export function importObjectId(job: ImportJobLean, row: number, what: string): Types.ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(job.createdAt.getTime() / 1000));
  createHash('sha256').update(`${job.tenantId}:${job.batchId}:${row}:${what}`).digest().copy(bytes, 4, 0, 8);
  return new Types.ObjectId(bytes);
}

function createChunkWriter(deps: WriterDeps) {
  const { job, actor, ctx, choices, existing, inFile } = deps;
  const tenantId = job.tenantId;
  const defaultStage = ctx.stages[0]!.key;
  const dedupe = (row: number, what: string) => `import:${job.batchId}:${row}:${what}`;

  return {
    async write(rows: SheetRow[], doneByRow: Map<number, { outcome: RowOutcome; customerId: Types.ObjectId | null }>): Promise<Partial<Record<RowOutcome, number>>> {
      const counts: Partial<Record<RowOutcome, number>> = {};
      const markers: object[] = [];
      const creates: Array<{ row: number; id: Types.ObjectId; customer: ImportCustomer }> = [];
      const changes: Change[] = [];
      const activities: object[] = [];
      const audits: object[] = [];
      const now = new Date();
      let pendingCustomers: Promise<void> = Promise.resolve();
      const mark = (row: number, outcome: RowOutcome, extra: { customerId?: Types.ObjectId; reason?: string; cells?: string[] } = {}) => {
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        markers.push({ tenantId, batchId: job.batchId, row, outcome, customerId: extra.customerId ?? null, reason: extra.reason ?? null, cells: extra.cells });
      };

      for (const row of rows) {
        const parsed = parseImportRow(row, ctx);
        const earlier = doneByRow.get(row.rowNumber);
        if (earlier) {
          // Written by an earlier run: only its place in the file's duplicate index is rebuilt.
          if (parsed.ok && earlier.customerId && earlier.outcome !== 'skipped') inFile.add(duplicateKeys(parsed.customer), earlier.customerId, row.rowNumber);
          doneByRow.delete(row.rowNumber);
          continue;
        }
        if (!parsed.ok) {
          mark(row.rowNumber, 'rejected', {
            reason: parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
            cells: row.cells.map((c) => (c.length > KEPT_CELL_CHARS ? `${c.slice(0, KEPT_CELL_CHARS)}…` : c)),
          });
          continue;
        }
        const c = classifyRow(parsed.customer, existing, inFile);
        const action = decideRow(c, choices);
        if (action === 'create') {
          const id = importObjectId(job, row.rowNumber, 'customer');
          creates.push({ row: row.rowNumber, id, customer: parsed.customer });
          inFile.add(c.keys, id, row.rowNumber);
        } else if (action === 'skip') {
          mark(row.rowNumber, 'skipped', { customerId: c.target, reason: c.reason });
        } else {
          changes.push({ row: row.rowNumber, target: c.target!, customer: parsed.customer, mode: action });
          inFile.add(c.keys, c.target!, row.rowNumber);
        }
      }

      // New customers: numbers reserved in one step, inserted in one round trip.
      if (creates.length > 0) {
        const last = await reserveSequence(`${tenantId}:customer`, creates.length);
        const formatCode = await tenantNumberFormatter(tenantId, 'customers');
        const docs = creates.map(({ row, id, customer }, i) => {
          const code = formatCode(last - creates.length + 1 + i);
          return {
            _id: id,
            tenantId,
            code,
            name: customer.name,
            company: customer.company,
            phones: customer.phones,
            email: customer.email,
            source: customer.source,
            industry: customer.industry,
            stage: customer.stage ?? defaultStage,
            level: customer.level,
            tags: customer.tags,
            ownerId: customer.ownerId,
            collaboratorIds: [],
            nextFollowUpAt: customer.nextFollowUpAt,
            lastContactAt: customer.followUp ? (customer.followUp.at ?? now) : undefined,
            customFields: customer.customFields,
            searchText: buildSearchText({ name: customer.name, company: customer.company, code }),
            createdBy: actor.staffId ?? undefined,
            needsTransfer: false,
            deletedAt: null,
            createdAt: now,
            updatedAt: now,
            __v: 0,
            row,
          };
        });
        pendingCustomers = insertCustomers(docs);
        for (const d of docs) {
          const { row, ...customer } = d;
          mark(row, 'created', { customerId: d._id });
          activities.push({
            tenantId,
            customerId: d._id,
            type: 'created',
            at: now,
            authorId: actor.staffId,
            source: 'import',
            data: { stage: d.stage, source: d.source ?? null, batchId: job.batchId, row },
            dedupeKey: dedupe(row, 'created'),
          });
          audits.push(auditEntry(row, 'customer.create', d._id, null, customer, now));
        }
        for (const { row, id, customer } of creates) activities.push(...rowActivities(row, id, customer, now));
      }

      // Updates and merges, in file order, on the customers as they stand (one read, one write per customer).
      // The new customers must be in first: a later row of the chunk may merge into one of them.
      if (changes.length > 0) {
        await pendingCustomers;
        const ids = [...new Set(changes.map((c) => c.target.toHexString()))].map((id) => new Types.ObjectId(id));
        const stored = await Customer.find({ tenantId, _id: { $in: ids }, deletedAt: null }).lean<Array<CustomerFields & { _id: Types.ObjectId }>>();
        const current = new Map(stored.map((c) => [c._id.toHexString(), c]));
        const touched = new Set<string>();
        for (const change of changes) {
          const key = change.target.toHexString();
          const before = current.get(key);
          if (!before) {
            mark(change.row, 'rejected', { reason: 'the matching customer was deleted meanwhile' });
            continue;
          }
          const after = applyRowToCustomer(before, change.customer, change.mode);
          current.set(key, { ...after, _id: before._id });
          touched.add(key);
          mark(change.row, change.mode === 'update' ? 'updated' : 'merged', { customerId: change.target });
          audits.push(auditEntry(change.row, 'customer.update', change.target, before, after, now));
          activities.push(...rowActivities(change.row, change.target, change.customer, now));
        }
        if (touched.size > 0) {
          await Customer.bulkWrite(
            [...touched].map((key) => {
              const c = current.get(key)!;
              return {
                updateOne: {
                  filter: { _id: c._id, tenantId },
                  update: {
                    $set: {
                      name: c.name,
                      company: c.company,
                      phones: c.phones,
                      email: c.email,
                      tags: c.tags,
                      ownerId: c.ownerId,
                      stage: c.stage,
                      level: c.level,
                      source: c.source,
                      industry: c.industry,
                      nextFollowUpAt: c.nextFollowUpAt,
                      lastContactAt: c.lastContactAt,
                      customFields: c.customFields,
                      searchText: buildSearchText({ name: c.name, company: c.company, code: (c as { code?: string }).code ?? '' }),
                      updatedAt: now,
                    },
                  },
                },
              };
            }),
            { ordered: true },
          );
        }
      }

      // The row's writes are independent of each other (all keyed by batch + row): in parallel.
      await Promise.all([pendingCustomers, insertIgnoringRepeats(Activity, activities), insertIgnoringRepeats(AuditLog, audits)]);
      // Last: a row counts as done only once everything it changes is written.
      await insertIgnoringRepeats(ImportRow, markers);
      return counts;

      function rowActivities(row: number, customerId: Types.ObjectId, customer: ImportCustomer, at: Date): object[] {
        const out: object[] = [];
        if (customer.notes) {
          out.push({ tenantId, customerId, type: 'note', at, authorId: actor.staffId, source: 'import', content: customer.notes, data: {}, dedupeKey: dedupe(row, 'note') });
        }
        if (customer.followUp) {
          out.push({
            tenantId,
            customerId,
            type: 'follow_up',
            at: customer.followUp.at ?? at,
            authorId: actor.staffId,
            source: 'import',
            content: customer.followUp.content,
            channel: 'other',
            data: {},
            dedupeKey: dedupe(row, 'follow_up'),
          });
        }
        return out;
      }
    },
  };

  function auditEntry(row: number, action: string, entityId: Types.ObjectId, before: unknown, after: unknown, at: Date): object {
    return {
      _id: importObjectId(job, row, 'audit'),
      tenantId,
      actorId: actor.staffId,
      actorName: actor.name,
      source: 'import',
      action,
      entity: 'customer',
      entityId,
      before: before === null ? null : JSON.parse(JSON.stringify(before)),
      after: JSON.parse(JSON.stringify(after)),
      at,
    };
  }
}

/**
 * Inserts new customers in one round trip. A customer an interrupted run already inserted (same
 * id) is left alone; one whose number was taken meanwhile gets the next free one.
 */
async function insertCustomers(docs: Array<Record<string, unknown> & { _id: Types.ObjectId; tenantId: Types.ObjectId; name: string }>): Promise<void> {
  const rows = docs.map(({ row: _row, ...doc }) => doc);
  try {
    // Built complete (defaults, timestamps, version) above: inserted as they are, without mongoose's per-document casting.
    await Customer.insertMany(rows.map(withoutUndefined), { ordered: false, lean: true });
    return;
  } catch (error) {
    if (!(error as { writeErrors?: unknown[] }).writeErrors) throw error;
  }
  const present = new Set(
    (await Customer.find({ _id: { $in: rows.map((d) => d._id) } }, { _id: 1 }).lean()).map((d) => d._id.toHexString()),
  );
  for (const doc of rows) {
    if (present.has(doc._id.toHexString())) continue;
    const { code: _code, searchText: _searchText, createdAt: _c, updatedAt: _u, __v: _v, ...fields } = doc;
    await insertCustomerWithCode(fields as Parameters<typeof insertCustomerWithCode>[0]);
  }
}
