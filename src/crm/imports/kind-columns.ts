import { InvalidInput } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { z } from 'zod';
import { headerKey } from './import-fields.js';
import type { ColumnMapping } from './import-mapping.js';
import type { FieldError } from './parse-import-row.js';
import { MAX_CELL_CHARS, type SheetRow } from './read-import-rows.js';

/** The columns of a non-customer import kind: each field with the headers (zh/en) that map to it. */
export type KindFields = Record<string, readonly string[]>;

/** The automatic mapping of a file: known headers to their field (each field once), the rest ignored. */
export function suggestKindMapping(fields: KindFields, labels: string[]): ColumnMapping {
  const names = Object.keys(fields);
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const label of labels) {
    const key = headerKey(label.replace(/ \(\d+\)$/, ''));
    const field = names.find((f) => !taken.has(f) && fields[f]!.some((alias) => headerKey(alias) === key));
    mapping[label] = field ?? 'ignore';
    if (field) taken.add(field);
  }
  return mapping;
}

/** A mapping refinement: each field from one column at most. */
export function oneColumnPerField(mapping: Record<string, string>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field === 'ignore') continue;
    const first = seen.get(field);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [header], message: `"${first}" already maps to ${field}` });
    else seen.set(field, header);
  }
}

/** A row's non-empty, trimmed cells by field; an oversized cell is an error of its field. */
export function mappedCells(row: SheetRow, labels: string[], mapping: ColumnMapping, errors: FieldError[]): Map<string, string> {
  if (row.problem) errors.push({ field: 'row', message: row.problem });
  const cells = new Map<string, string>();
  labels.forEach((label, i) => {
    const field = mapping[label] ?? 'ignore';
    if (field === 'ignore') return;
    const raw = row.cells[i] ?? '';
    if (raw.length > MAX_CELL_CHARS) errors.push({ field, message: `column "${label}" holds ${raw.length} characters; at most ${MAX_CELL_CHARS}` });
    else if (raw.trim()) cells.set(field, raw.trim());
  });
  return cells;
}

/** The job's mapping with the caller's changes; a column the file lacks or a bad mapping is a 400. */
export function mergeKindMapping(job: { mapping?: unknown; labels: string[] }, changes: ColumnMapping | undefined, schema: z.ZodType): ColumnMapping {
  const mapping: ColumnMapping = { ...(job.mapping as ColumnMapping), ...(changes ?? {}) };
  const unknown = Object.keys(mapping).filter((label) => !job.labels.includes(label));
  if (unknown.length > 0) throw new InvalidInput(`mapping: the file has no column ${unknown.map((u) => `"${u}"`).join(', ')}`, unknown.map((u) => ({ path: `mapping.${u}`, message: 'no such column' })));
  parseInput(schema, mapping);
  return mapping;
}
