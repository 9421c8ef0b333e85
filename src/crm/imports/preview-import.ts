import { Types } from 'mongoose';
import { classifyRow, type RowClass } from './classify-row.js';
import { decideRow, type RowAction } from './decide-row.js';
import { DuplicateIndex, loadExistingCustomers } from './duplicate-index.js';
import type { ImportChoices } from './import-mapping.js';
import type { FieldError, RowContext } from './parse-import-row.js';
import { parseImportRow } from './parse-import-row.js';
import type { Table } from './read-table.js';

/** How many problem rows and duplicates the preview lists (all are counted). */
const LISTED = 100;

export interface PreviewFigures {
  total: number;
  /** The last data row's number (the run recognises the customers its rows may have created by it). */
  lastRow: number;
  valid: number;
  rejected: number;
  classes: Record<RowClass, number>;
  actions: Record<RowAction, number>;
  /** The first rejected rows with every field error. */
  errors: Array<{ row: number; errors: FieldError[] }>;
  /** The first duplicates, with what they match. */
  duplicates: Array<{ row: number; kind: Exclude<RowClass, 'new'>; reason: string; action: RowAction }>;
  /** The first rows as they would be imported. */
  samples: Array<{ row: number; name: string; company?: string; phones: string[]; email?: string; kind: RowClass; action: RowAction }>;
  ms: number;
}

/**
 * Reads the whole file once, validating every row and classifying it as new, a duplicate of a
 * customer already in the CRM or a duplicate of an earlier row — exactly as the run will — and
 * writes nothing.
 */
export async function previewImport(
  tenantId: Types.ObjectId,
  table: Table,
  ctx: RowContext,
  choices: ImportChoices,
  onProgress?: (rows: number) => void,
): Promise<PreviewFigures> {
  const started = Date.now();
  const existing = await loadExistingCustomers(tenantId);
  const inFile = new DuplicateIndex();
  const figures: PreviewFigures = {
    total: 0,
    lastRow: 0,
    valid: 0,
    rejected: 0,
    classes: { new: 0, existing: 0, in_file: 0 },
    actions: { create: 0, update: 0, merge: 0, skip: 0 },
    errors: [],
    duplicates: [],
    samples: [],
    ms: 0,
  };
  for await (const row of table.rows) {
    figures.total++;
    figures.lastRow = row.rowNumber;
    if (onProgress && figures.total % 1000 === 0) onProgress(figures.total);
    const parsed = parseImportRow(row, ctx);
    if (!parsed.ok) {
      figures.rejected++;
      if (figures.errors.length < LISTED) figures.errors.push({ row: row.rowNumber, errors: parsed.errors });
      continue;
    }
    figures.valid++;
    const c = classifyRow(parsed.customer, existing, inFile);
    const action = decideRow(c, choices);
    figures.classes[c.kind]++;
    figures.actions[action]++;
    if (c.kind !== 'new' && figures.duplicates.length < LISTED) figures.duplicates.push({ row: row.rowNumber, kind: c.kind, reason: c.reason ?? '', action });
    if (figures.samples.length < 10) {
      const { name, company, phones, email } = parsed.customer;
      figures.samples.push({ row: row.rowNumber, name, company, phones, email, kind: c.kind, action });
    }
    const lands = action === 'create' ? new Types.ObjectId() : action === 'skip' ? undefined : c.target;
    if (lands) inFile.add(c.keys, lands, row.rowNumber);
  }
  figures.ms = Date.now() - started;
  return figures;
}
