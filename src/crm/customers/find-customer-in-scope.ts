import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Customer, type CustomerDoc, type CustomerRecord } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';

/**
 * Loads a customer the actor may see; anything else (other owner, other tenant, deleted, bad id) is
 * "not found". A caller that already computed the actor's scope for this request may pass it.
 */
export async function findCustomerInScope(
  actor: Actor,
  customerId: string | Types.ObjectId,
  knownScope?: FilterQuery<CustomerRecord>,
): Promise<CustomerDoc> {
  if (typeof customerId === 'string' && !Types.ObjectId.isValid(customerId)) throw new NotFound('customer');
  const scope = knownScope ?? (await customerScopeFilter(actor));
  const customer = await Customer.findOne({ ...scope, _id: new Types.ObjectId(String(customerId)) });
  if (!customer) throw new NotFound('customer');
  return customer;
}
