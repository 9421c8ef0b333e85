import { InvalidInput } from '../../errors.js';
import type { ImportSource } from './import-source.js';
import { columnLabels } from './import-mapping.js';
import { readSheetRows, type SheetInfo, type SheetRow } from './read-import-rows.js';

export interface Table {
  headerRow: number;
  labels: string[];
  /** The data rows after the header (non-empty ones only). */
  rows: AsyncGenerator<SheetRow>;
}

/** Rows looked at to find the header: title lines above it ("2024 客户名单") are skipped. */
const HEADER_SEARCH = 20;

/**
 * Opens the sheet as a table: the header is the first row with at least two filled cells among the
 * first rows (else the first non-empty row); a file with no non-empty row is refused.
 */
export async function readTable(source: ImportSource, info: SheetInfo): Promise<Table> {
  const rows = readSheetRows(source, info);
  const buffered: SheetRow[] = [];
  let header: SheetRow | undefined;
  while (buffered.length < HEADER_SEARCH) {
    const next = await rows.next();
    if (next.done) break;
    buffered.push(next.value);
    if (next.value.cells.filter((c) => c.trim() !== '').length >= 2) {
      header = next.value;
      break;
    }
  }
  header ??= buffered[0];
  if (!header) throw new InvalidInput('file: no header row (every row is empty)');
  const headerRow = header.rowNumber;
  const labels = columnLabels(header.cells.map((c) => c.trim()));
  async function* rest(): AsyncGenerator<SheetRow> {
    for (const row of buffered) if (row.rowNumber > headerRow) yield row;
    yield* rows;
  }
  return { headerRow, labels, rows: rest() };
}
