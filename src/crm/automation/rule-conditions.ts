import type { FilterQuery } from 'mongoose';
import { systemActor } from '../actor.js';
import type { CustomerRecord } from '../models/customer.js';
import { Staff } from '../models/staff.js';
import { compileCustomerFilter } from '../query/compile-customer-filter.js';
import type { StoredRule } from './stored-rule.js';

const PATH = { stage: 'stage', level: 'level', source: 'source', tags: 'tags', segment: 'rfm.segment' } as const;

/**
 * A rule's conditions and universal-query filter as one customer filter (ANDed, inside the tenant):
 * the same filter decides an event's run and lists the dry run's matches, so the two can never
 * disagree. Condition values are only ever compared for equality, and the filter compiles through
 * the universal query's field catalogue: no value becomes an operator or a path.
 */
export async function conditionsFilter(rule: Pick<StoredRule, 'tenantId' | 'conditions' | 'filter'>): Promise<FilterQuery<CustomerRecord>> {
  const { tenantId, conditions } = rule;
  const and: FilterQuery<CustomerRecord>[] = [{ tenantId, deletedAt: null }];
  // Rules act for the whole tenant, so the filter is compiled without a person's data scope.
  if (rule.filter) and.push(await compileCustomerFilter(systemActor(tenantId, 'automation'), rule.filter));
  for (const c of conditions) {
    const values = Array.isArray(c.value) ? c.value : [c.value];
    const negated = c.op === 'is_not' || c.op === 'not_in';
    if (c.field === 'ownerDepartment') {
      const staff = await Staff.find({ tenantId, departments: { $in: values } }, { _id: 1 }).lean();
      const ids = staff.map((s) => s._id);
      and.push({ ownerId: negated ? { $nin: ids } : { $in: ids } });
      continue;
    }
    and.push({ [PATH[c.field]]: negated ? { $nin: values } : { $in: values } } as FilterQuery<CustomerRecord>);
  }
  return { $and: and };
}
