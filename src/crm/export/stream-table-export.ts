import { PassThrough, type Writable } from 'node:stream';
import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordAudit } from '../record-audit.js';
import { type Cell, createTableWriter, type ExportFormat } from './table-writer.js';

/** An export that has passed its checks and is ready to stream (refusals happen before any byte). */
export interface PreparedExport {
  format: ExportFormat;
  /** What the download is called: `<name>-<day>.<format>`, unless `fileName` names it whole. */
  name: string;
  /** The whole name without the extension, for tables of a period (`<name>-<from>-<to>`). */
  fileName?: string;
  run(output: Writable): Promise<number>;
}

export interface TableExportSpec {
  format: ExportFormat;
  sheetName: string;
  header: readonly string[];
  rows: AsyncIterable<readonly Cell[]>;
  /** The audit entry's entity (`customer_export`, `deal_export`…) and what was asked for. */
  auditEntity: string;
  filters: Record<string, unknown>;
}

/**
 * Writes a header and rows to the output one at a time and leaves an audit entry with the count
 * before the output ends: whoever holds the whole file can find the export in the audit log.
 */
export async function streamTableExport(actor: Actor, spec: TableExportSpec, output: Writable): Promise<number> {
  const staged = new PassThrough();
  staged.pipe(output, { end: false });
  const drained = new Promise<void>((resolve, reject) => {
    staged.once('end', resolve);
    staged.once('error', reject);
  });
  const table = createTableWriter(spec.format, staged, spec.sheetName);
  await table.row(spec.header);
  let rows = 0;
  for await (const row of spec.rows) {
    await table.row(row);
    rows += 1;
  }
  await table.end();
  await drained;
  await recordAudit(actor, {
    action: 'export',
    entity: spec.auditEntity,
    entityId: new Types.ObjectId(),
    before: null,
    after: { format: spec.format, filters: spec.filters, rows },
  });
  await new Promise<void>((resolve) => output.end(resolve));
  return rows;
}

/**
 * Reads a cursor in batches and turns each batch into rows with one lookup per batch (owner and
 * customer names), so memory stays flat and lookups stay few.
 */
export async function* inBatches<T>(source: AsyncIterable<T>, toRows: (batch: T[]) => Promise<(readonly Cell[])[]>, size = 500): AsyncGenerator<readonly Cell[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield* await toRows(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* await toRows(batch);
}

/**
 * A small table already in memory (statistics, analyses) as an export: the same streaming and
 * audit as any list.
 */
export function tableExportOf(
  actor: Actor,
  table: Omit<TableExportSpec, 'rows'> & { name: string; fileName?: string; rows: readonly (readonly Cell[])[] },
): PreparedExport {
  const { name, fileName, rows, ...spec } = table;
  return {
    format: spec.format,
    name,
    ...(fileName ? { fileName } : {}),
    run: (output) =>
      streamTableExport(
        actor,
        {
          ...spec,
          rows: (async function* () {
            yield* rows;
          })(),
        },
        output,
      ),
  };
}
