import { z } from 'zod';

/**
 * Names a custom field may not have. `__proto__`, `prototype` and `constructor` are skipped or
 * reinterpreted by JavaScript object handling (JSON parsers, object spreads, mongoose's clone), so a
 * value stored under them could be acknowledged and then silently lost; `$…` and dotted names are
 * MongoDB operators and paths. Refusing them up front is the only way none is ever dropped quietly.
 */
export const RESERVED_CUSTOM_FIELD_NAMES: readonly string[] = ['__proto__', 'prototype', 'constructor'];

export function customFieldNameProblem(key: string): string | null {
  if (RESERVED_CUSTOM_FIELD_NAMES.includes(key)) return `"${key}" is a reserved name and cannot be a custom field`;
  if (key.startsWith('$')) return `"${key}": custom field names cannot start with $`;
  if (key.includes('.')) return `"${key}": custom field names cannot contain a dot`;
  if (!/^[\p{L}\p{N}_]{1,40}$/u.test(key)) return `"${key}": custom field names are letters, digits and _ (max 40)`;
  return null;
}

// Arrays hold the chosen options of a multi-select field (checked against its definition later).
const customFieldValue = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.array(z.string().max(100)).max(50), z.null()]);
type CustomFieldValue = z.input<typeof customFieldValue>;

/**
 * Custom fields of a create or a patch. The names are checked on the raw input, before zod builds
 * the record: zod itself skips a `__proto__` key, which would be a 201 for a field that was never stored.
 * Each message names the field so the 400 says which one to rename.
 */
export const customFieldsSchema = z
  // Typed for internal callers; the actual validation is the pipe below.
  .custom<Record<string, CustomFieldValue>>(() => true)
  .superRefine((raw, ctx) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    for (const key of Object.keys(raw)) {
      const problem = customFieldNameProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
    }
  })
  .pipe(z.record(z.string(), customFieldValue).refine((r) => Object.keys(r).length <= 50, 'at most 50 custom fields'));
