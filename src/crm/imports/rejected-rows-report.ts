import type { Actor } from '../actor.js';
import { findImport } from './find-import.js';
import { ImportRow } from './import-row-model.js';

/**
 * The rejected rows of an import as CSV (UTF-8 with BOM, so Excel opens it right): the file's
 * own columns as they were, then the row number and the reason. Cells that a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR first) are prefixed with ' so opening the report runs nothing.
 */
export async function rejectedRowsReport(actor: Actor, id: string): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
  const job = await findImport(actor, id);
  const header = [...job.labels, '行号 row', '原因 reason'];
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine(header)}`;
    const cursor = ImportRow.find({ tenantId: job.tenantId, batchId: job.batchId, outcome: 'rejected' }, { row: 1, cells: 1, reason: 1 })
      .sort({ row: 1 })
      .lean<Array<{ row: number; cells?: string[]; reason?: string }>>()
      .cursor({ batchSize: 500 });
    for await (const r of cursor) {
      const cells = job.labels.map((_, i) => r.cells?.[i] ?? '');
      yield csvLine([...cells, String(r.row), r.reason ?? '']);
    }
  }
  const base = job.fileName.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-rejected.csv`, lines: lines() };
}

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
