import type { Actor } from '../actor.js';
import { Customer, type CustomerDoc } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';

/** The customer with this code (C00012, any case) among those the actor may see; null otherwise. */
export async function findCustomerByCode(actor: Actor, code: string): Promise<CustomerDoc | null> {
  const scope = await customerScopeFilter(actor);
  return Customer.findOne({ ...scope, code: code.toUpperCase() });
}
