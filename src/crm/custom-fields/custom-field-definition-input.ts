import { z } from 'zod';
import { CUSTOM_FIELD_TYPES } from '../models/custom-field-definition.js';
import { customFieldNameProblem } from '../customers/custom-fields-schema.js';

const labelText = z.string().trim().min(1, 'must not be empty').max(60);
const label = z.object({ zh: labelText, en: labelText }).strict();

/** Option values are what customers store: the same rules as field names, so they are safe in any position. */
const optionValue = z.string().superRefine((value, ctx) => {
  const problem = customFieldNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.replace('custom field names', 'option values') });
});

const option = z.object({ value: optionValue, label, archived: z.boolean().optional() }).strict();
const options = z
  .array(option)
  .max(100)
  .refine((list) => new Set(list.map((o) => o.value)).size === list.length, 'option values must be unique');

const key = z.string().superRefine((value, ctx) => {
  const problem = customFieldNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const takesOptions = (type: string) => type === 'single' || type === 'multi';

export const createCustomFieldDefinitionSchema = z
  .object({
    key,
    label,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: options.optional(),
    required: z.boolean().optional(),
    order: z.number().int().min(0).max(10_000).optional(),
    segmentation: z.boolean().optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (takesOptions(d.type) && !d.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${d.type} field needs at least one option` });
    if (!takesOptions(d.type) && d.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${d.type} field has no options` });
  });
export type CreateCustomFieldDefinitionInput = z.input<typeof createCustomFieldDefinitionSchema>;

/**
 * Key and type never change (stored values were written under them). Options given here replace
 * the list, but an option value that existed before and is left out stays, archived: a value some
 * customer may hold is never dropped.
 */
export const updateCustomFieldDefinitionSchema = z
  .object({
    label: label.optional(),
    options: options.optional(),
    required: z.boolean().optional(),
    order: z.number().int().min(0).max(10_000).optional(),
    segmentation: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to update');
export type UpdateCustomFieldDefinitionInput = z.input<typeof updateCustomFieldDefinitionSchema>;
