import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { InvalidInput } from '../../errors.js';
import { CellProblem, cellText } from './cell-text.js';
import { detectTextEncoding, type TextEncoding } from './detect-text-encoding.js';
import type { ImportSource } from './import-source.js';

export type FileFormat = 'xlsx' | 'csv';

/** One non-empty line of the sheet. `rowNumber` is the line as the user sees it (Excel row, CSV record). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
  /** Set when a cell could not be read (a formula without a value, an error cell): the row is rejected with it. */
  problem?: string;
}

export interface SheetInfo {
  format: FileFormat;
  encoding?: TextEncoding;
}

/** A cell longer than this rejects its row (Excel itself stops at 32,767). */
export const MAX_CELL_CHARS = 10_000;
/** A CSV record longer than this (bytes) refuses the whole file: it is not a spreadsheet. */
const MAX_CSV_RECORD = 4 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

/** Looks at the first bytes: an XLSX is a ZIP archive; anything else is read as CSV in its detected encoding. */
export async function sniffSheet(source: ImportSource): Promise<SheetInfo> {
  if (source.size === 0) throw new InvalidInput('file: the file is empty');
  const head = await readHead(source.open({ end: SNIFF_BYTES - 1 }));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx' };
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new InvalidInput('file: this is an old Excel .xls file; save it as .xlsx or CSV and upload again');
  }
  if (head.subarray(0, 4096).includes(0)) throw new InvalidInput('file: not a CSV or XLSX file (binary content)');
  return { format: 'csv', encoding: detectTextEncoding(head) };
}

async function readHead(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Every non-empty row of the first worksheet (XLSX) or of the CSV, streamed: memory stays flat for any file size. */
export async function* readSheetRows(source: ImportSource, info: SheetInfo): AsyncGenerator<SheetRow> {
  if (info.format === 'xlsx') yield* readXlsxRows(source);
  else yield* readCsvRows(source, info.encoding ?? 'utf-8');
}

async function* readCsvRows(source: ImportSource, encoding: TextEncoding): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8');
  const decode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const parser = source.open().pipe(decode).pipe(
    parse({ relax_column_count: true, max_record_size: MAX_CSV_RECORD, info: true, skip_records_with_empty_values: false }),
  );
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      const cells = record.record;
      if (cells.every((c) => c.trim() === '')) continue;
      const row: SheetRow = { rowNumber: record.info.records, cells };
      if (cells.some((c) => c.includes('\uFFFD'))) row.problem = `the row has bytes that are not valid ${encoding === 'gb18030' ? 'GBK/GB18030' : 'UTF-8'} (save the file as UTF-8 CSV)`;
      yield row;
    }
  } catch (error) {
    if (error instanceof InvalidInput) throw error;
    throw new InvalidInput(`file: cannot read the CSV: ${(error as Error).message}`);
  }
}

async function* readXlsxRows(source: ImportSource): AsyncGenerator<SheetRow> {
  const reader = utf8SafeWorkbookReader(source.open());
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = (row.values ?? []) as unknown[];
        const cells: string[] = [];
        let problem: string | undefined;
        for (let i = 1; i < values.length; i++) {
          try {
            cells.push(cellText(values[i]));
          } catch (error) {
            if (!(error instanceof CellProblem)) throw error;
            cells.push('');
            problem ??= `${columnLetter(i - 1)}${row.number}: ${error.message}`;
          }
        }
        if (!problem && cells.every((c) => c.trim() === '')) continue;
        yield problem ? { rowNumber: row.number, cells, problem } : { rowNumber: row.number, cells };
      }
      // Only the first worksheet is imported.
      return;
    }
  } catch (error) {
    if (error instanceof InvalidInput) throw error;
    throw new InvalidInput(`file: cannot read the XLSX: ${(error as Error).message}`);
  }
}

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: number): Generator<unknown>;
  _parseSharedStrings(entry: { setEncoding(encoding: BufferEncoding): unknown }): AsyncGenerator<unknown>;
}

/**
 * exceljs's streaming reader decodes each chunk of a sheet's XML on its own (utils/parse-sax.js),
 * so a Chinese character split across two chunks became two U+FFFD (谈判 → ��判, about one row in
 * 2,000). Its sheets and shared strings are handed over as text decoded across chunk boundaries;
 * its parser passes strings through untouched.
 */
function utf8SafeWorkbookReader(input: Readable): InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell dates from numbers.
    styles: 'cache',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8Chunks(iterator), sheetNo);
  internals._parseSharedStrings = (entry) => {
    entry.setEncoding('utf8');
    return parseSharedStrings(entry);
  };
  return reader;
}

async function* decodeUtf8Chunks(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A, B, … Z, AA… for messages that name a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
