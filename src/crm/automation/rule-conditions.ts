import type { FilterQuery, Types } from 'mongoose';
import type { CustomerRecord } from '../models/customer.js';
import { Staff } from '../models/staff.js';
import type { Condition } from './rule-input.js';

const PATH = { stage: 'stage', level: 'level', source: 'source', tags: 'tags', segment: 'rfm.segment' } as const;

/**
 * A rule's conditions as one customer filter (ANDed, inside the tenant): the same filter decides an
 * event's run and lists the dry run's matches, so the two can never disagree. Values are only ever
 * compared for equality; no condition value becomes an operator or a path.
 */
export async function conditionsFilter(tenantId: Types.ObjectId, conditions: readonly Condition[]): Promise<FilterQuery<CustomerRecord>> {
  const and: FilterQuery<CustomerRecord>[] = [{ tenantId, deletedAt: null }];
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
