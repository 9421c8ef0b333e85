import type { SortOrder } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { invalidField } from '../../errors.js';
import { listCustomFieldDefinitions } from '../custom-fields/list-custom-field-definitions.js';
import { Customer, type CustomerDoc } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { compileCustomerFilter } from './compile-customer-filter.js';
import { customerFilterSchema } from './customer-filter-schema.js';
import { STANDARD_QUERY_FIELDS } from './customer-query-fields.js';

const SORTABLE = ['name', 'code', 'stage', 'level', 'createdAt', 'updatedAt', 'lastContactAt', 'nextFollowUpAt', 'contactCycleDays'] as const;

export const queryCustomersSchema = z
  .object({
    filter: customerFilterSchema.default({ op: 'and', conditions: [] }),
    sort: z
      .object({ field: z.string().max(80), dir: z.enum(['asc', 'desc']).default('asc') })
      .strict()
      .default({ field: 'createdAt', dir: 'desc' }),
    page: z
      .object({ number: z.number().int().min(1).max(10_000).default(1), size: z.number().int().min(1).max(100).default(20) })
      .strict()
      .default({ number: 1, size: 20 }),
  })
  .strict();
export type QueryCustomersInput = z.input<typeof queryCustomersSchema>;

export interface CustomerQueryPage {
  items: CustomerDoc[];
  total: number;
  page: number;
  size: number;
}

/** The universal query (万能查询): a filter over any standard or custom field, inside the actor's scope, sorted and paged. */
export async function queryCustomers(actor: Actor, rawInput: QueryCustomersInput): Promise<CustomerQueryPage> {
  const input = parseInput(queryCustomersSchema, rawInput);
  const where = { $and: [await customerScopeFilter(actor), await compileCustomerFilter(actor, input.filter)] };
  const sortPath = await sortPathOf(actor, input.sort.field);
  const dir: SortOrder = input.sort.dir === 'asc' ? 1 : -1;
  const { number, size } = input.page;
  const [items, total] = await Promise.all([
    Customer.find(where).sort({ [sortPath]: dir, _id: dir }).skip((number - 1) * size).limit(size),
    Customer.countDocuments(where),
  ]);
  return { items, total, page: number, size };
}

async function sortPathOf(actor: Actor, field: string): Promise<string> {
  if ((SORTABLE as readonly string[]).includes(field)) return STANDARD_QUERY_FIELDS[field]!.path;
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    const definitions = await listCustomFieldDefinitions(actor.tenantId, { includeArchived: true });
    const definition = definitions.find((d) => d.key === key);
    if (definition) return `customFields.${definition.key}`;
  }
  throw invalidField('sort.field', `cannot sort by "${field}"; use one of ${SORTABLE.join(', ')} or custom.<key>`);
}
