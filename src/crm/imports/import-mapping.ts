import { z } from 'zod';
import { customFieldNameProblem } from '../customers/custom-fields-schema.js';
import { fieldForHeader, IMPORT_FIELD_NAMES, MULTI_COLUMN_FIELDS, type ImportField } from './import-fields.js';
import { columnLetter } from './read-import-rows.js';

/**
 * Where each column goes: a field name, `custom:<name>` (a custom field) or `ignore`. Keyed by the
 * column's header as shown (a repeated header gets " (2)", an empty one "column C").
 */
export type ColumnMapping = Record<string, string>;

const target = z.string().superRefine((value, ctx) => {
  if (value === 'ignore' || (IMPORT_FIELD_NAMES as string[]).includes(value)) return;
  if (value.startsWith('custom:')) {
    const problem = customFieldNameProblem(value.slice('custom:'.length));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return;
  }
  ctx.addIssue({ code: 'custom', message: `unknown target "${value}"; use one of ${IMPORT_FIELD_NAMES.join(', ')}, custom:<name> or ignore` });
});

export const columnMappingSchema = z
  .record(z.string().max(200), target)
  .refine((m) => Object.keys(m).length <= 300, 'at most 300 columns')
  .superRefine((mapping, ctx) => {
    const seen = new Map<string, string>();
    for (const [header, field] of Object.entries(mapping)) {
      if (field === 'ignore' || (MULTI_COLUMN_FIELDS as string[]).includes(field)) continue;
      const first = seen.get(field);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [header], message: `"${first}" already maps to ${field}` });
      else seen.set(field, header);
    }
  });

export const DUPLICATE_CHOICES = ['skip', 'update', 'merge', 'create'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];

/** What to do with each class of row, and who owns rows that name no owner. */
export const importChoicesSchema = z
  .object({
    /** A row that matches a customer already in the CRM. */
    existing: z.enum(DUPLICATE_CHOICES).default('skip'),
    /** A row that repeats an earlier row of the same file. */
    inFile: z.enum(DUPLICATE_CHOICES).default('skip'),
    /** The owner (user id, name or mobile of a staff member) of rows without an owner column value. */
    defaultOwner: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type ImportChoices = z.output<typeof importChoicesSchema>;

/** Column labels as shown to the user: the header text, made unique. */
export function columnLabels(headerCells: string[]): string[] {
  const used = new Map<string, number>();
  return headerCells.map((cell, i) => {
    const base = cell.trim() || `column ${columnLetter(i)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** The automatic mapping: known zh/en headers to their field, others to a custom field of that name (or ignored). */
export function suggestMapping(labels: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<ImportField>();
  for (const label of labels) {
    const field = fieldForHeader(label.replace(/ \(\d+\)$/, ''));
    if (field && (!taken.has(field) || MULTI_COLUMN_FIELDS.includes(field))) {
      mapping[label] = field;
      taken.add(field);
    } else if (!label.startsWith('column ') && customFieldNameProblem(label) === null) {
      mapping[label] = `custom:${label}`;
    } else {
      mapping[label] = 'ignore';
    }
  }
  return mapping;
}

/** A saved mapping applied to a file: its entries for the file's columns, the automatic guess for the others. */
export function completeMapping(labels: string[], given: ColumnMapping | undefined): ColumnMapping {
  const suggested = suggestMapping(labels);
  if (!given) return suggested;
  return Object.fromEntries(labels.map((label) => [label, given[label] ?? suggested[label] ?? 'ignore']));
}
