import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';

/**
 * Other customers the actor can see with exactly this name (at most `limit`), so whoever just
 * created one is told it may be a duplicate. Only codes: that is all the warning shows.
 */
export async function findSameNameCustomers(
  actor: Actor,
  customer: { _id: Types.ObjectId; name: string },
  limit = 3,
): Promise<Array<{ _id: Types.ObjectId; code: string }>> {
  const scope = await customerScopeFilter(actor);
  return Customer.find({ ...scope, name: customer.name, _id: { $ne: customer._id } }, { code: 1 }).limit(limit).lean<Array<{ _id: Types.ObjectId; code: string }>>();
}
