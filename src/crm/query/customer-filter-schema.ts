import { z } from 'zod';

export const FILTER_OPERATORS = ['eq', 'ne', 'in', 'nin', 'contains', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'empty'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  field: string;
  operator: FilterOperator;
  /** Checked against the field's type when the filter is compiled (compile-customer-filter). */
  value?: unknown;
}
export interface FilterGroup {
  op: 'and' | 'or';
  conditions: (FilterCondition | FilterGroup)[];
}

const condition = z
  .object({
    field: z.string().min(1).max(80),
    operator: z.enum(FILTER_OPERATORS),
    value: z.unknown().optional(),
  })
  .strict();

/**
 * The universal query's filter: AND/OR groups of conditions on standard fields (`stage`, `tags`,
 * `createdAt`…) and custom ones (`custom.<key>`). Only the shape is checked here; which fields,
 * operators and values are valid depends on the tenant's definitions and is checked on compile.
 */
export const customerFilterSchema: z.ZodType<FilterGroup> = z.lazy(() =>
  z
    .object({
      op: z.enum(['and', 'or']),
      conditions: z.array(z.union([condition, customerFilterSchema])).max(50),
    })
    .strict(),
);

/**
 * `?filter=<json>` on list and export URLs: the same filter as JSON text (or already parsed, when
 * an internal caller passes on what it validated).
 */
export const customerFilterParam = z.union([
  customerFilterSchema,
  z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON filter {"op":"and","conditions":[…]}' });
        return z.NEVER;
      }
    })
    .pipe(customerFilterSchema),
]);
