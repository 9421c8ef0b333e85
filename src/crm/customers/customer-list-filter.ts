import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import type { CustomerRecord } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import { compileCustomerFilter } from '../query/compile-customer-filter.js';
import type { FilterGroup } from '../query/customer-filter-schema.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { resolveStage } from '../stages.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { escapeRegExp } from './search-text.js';

/** The filters a customer list offers, already validated (searchCustomersSchema, exportCustomersSchema). */
export interface CustomerListFilters {
  q?: string;
  stage?: string;
  tag?: string;
  ownerId?: string;
  /** A universal-query filter (`?filter=<json>`, parsed by customerFilterParam). */
  filter?: FilterGroup;
  /** An RFM segment (src/crm/segments). */
  segment?: string;
}

/**
 * The conditions of a customer list, inside the actor's data scope: the list API, exports and any
 * other reader of "these customers" build them here, so what one shows the other returns.
 */
export async function customerListConditions(actor: Actor, filters: CustomerListFilters): Promise<FilterQuery<CustomerRecord>[]> {
  const conditions: FilterQuery<CustomerRecord>[] = [await customerScopeFilter(actor)];
  if (filters.q) conditions.push(queryCondition(filters.q));
  if (filters.stage) conditions.push({ stage: resolveStage(await getTenantStages(actor.tenantId), filters.stage).key });
  if (filters.tag) conditions.push({ tags: filters.tag });
  if (filters.ownerId) conditions.push({ ownerId: new Types.ObjectId(filters.ownerId) });
  if (filters.filter) conditions.push(await compileCustomerFilter(actor, filters.filter));
  if (filters.segment) conditions.push({ 'rfm.segment': filters.segment });
  return conditions;
}

function queryCondition(q: string): FilterQuery<CustomerRecord> {
  const text = q.toLowerCase();
  const or: FilterQuery<CustomerRecord>[] = [{ searchText: { $regex: escapeRegExp(text) } }, { tags: q }];
  const digits = normalizePhone(q);
  // Three or more digits and nothing but phone punctuation: also match phones by substring.
  if (digits.length >= 3 && /^[+\d\s\-()]+$/.test(q)) or.push({ phones: { $regex: escapeRegExp(digits) } });
  return { $or: or };
}
