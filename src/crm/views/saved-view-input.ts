import { z } from 'zod';
import { customerFilterSchema } from '../query/customer-filter-schema.js';
import { queryCustomersSchema } from '../query/query-customers.js';

/** A column is a standard field name or `custom.<key>` (checked against the catalogue on save). */
const column = z.string().regex(/^(custom\.)?[\p{L}\p{N}_]{1,40}$/u, 'a field name or custom.<key>');

export const createSavedViewSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(60),
    filter: customerFilterSchema,
    columns: z.array(column).max(30).optional(),
    shared: z.boolean().optional(),
  })
  .strict();
export type CreateSavedViewInput = z.input<typeof createSavedViewSchema>;

export const updateSavedViewSchema = createSavedViewSchema.partial().strict().refine((p) => Object.keys(p).length > 0, 'nothing to update');
export type UpdateSavedViewInput = z.input<typeof updateSavedViewSchema>;

/** Running a view: its filter, with the caller's sort and page. */
export const runSavedViewSchema = queryCustomersSchema.omit({ filter: true });
export type RunSavedViewInput = z.input<typeof runSavedViewSchema>;
