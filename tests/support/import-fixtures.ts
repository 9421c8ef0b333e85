import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type Cell = string | number | { formula: string; result?: string | number } | null;

/** A CSV of the rows as Excel writes it: UTF-8, UTF-8 with a BOM, or GBK (Excel's "CSV" on Chinese Windows). */
export function csvBytes(rows: Cell[][], encoding: 'utf-8' | 'utf-8-bom' | 'gbk'): Buffer {
  const text = rows.map((r) => r.map((c) => csvCell(c === null ? '' : typeof c === 'object' ? String(c.result ?? '') : String(c))).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  const utf8 = Buffer.from(text, 'utf-8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) : utf8;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * An XLSX whose first sheet holds the rows (formulas with or without a cached result); `merge` merges cell ranges like
 * 'B3:B4'; `inline` writes the text into the sheet itself (no shared-strings table), as streaming writers do.
 */
export async function xlsxBytes(rows: Cell[][], options: { merge?: string[]; inline?: boolean } = {}): Promise<Buffer> {
  if (options.inline) {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false });
    const ws = writer.addWorksheet('客户');
    for (const row of rows) ws.addRow(row).commit();
    ws.commit();
    await writer.commit();
    return Buffer.concat(chunks);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  for (const row of rows) sheet.addRow(row.map((c) => (c === null ? null : c)));
  for (const range of options.merge ?? []) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
