import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutralizeCell } from './neutralize-cell.js';

export type ExportFormat = 'csv' | 'xlsx';
export type Cell = string | number | Date | null;

/** Rows out to a stream, one at a time: memory stays flat whatever the row count. */
export interface TableWriter {
  row(cells: readonly Cell[]): Promise<void>;
  end(): Promise<void>;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function createTableWriter(format: ExportFormat, output: Writable, sheetName: string): TableWriter {
  return format === 'csv' ? createCsvWriter(output) : createXlsxWriter(output, sheetName);
}

/** UTF-8 with a BOM, so Excel in China opens the Chinese text correctly; RFC 4180 quoting. */
function createCsvWriter(output: Writable): TableWriter {
  let started = false;
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (output.write(text)) resolve();
      else {
        output.once('drain', resolve);
        output.once('error', reject);
      }
    });
  return {
    async row(cells) {
      const line = cells.map(csvCell).join(',');
      await write(`${started ? '' : '\uFEFF'}${line}\r\n`);
      started = true;
    },
    async end() {
      if (!started) await write('\uFEFF');
      await new Promise<void>((resolve) => output.end(resolve));
    },
  };
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = cell instanceof Date ? cell.toISOString() : typeof cell === 'number' ? String(cell) : neutralizeCell(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function createXlsxWriter(output: Writable, sheetName: string): TableWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName);
  return {
    async row(cells) {
      sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? neutralizeCell(cell) : cell))).commit();
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
