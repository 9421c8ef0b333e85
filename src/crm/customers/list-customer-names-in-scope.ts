import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';

/**
 * Names and codes of the customers the actor may see, newest first, at most `limit`: the pool a
 * "did you mean" compares a mistyped name against, so it never suggests someone out of scope.
 */
export async function listCustomerNamesInScope(actor: Actor, limit: number): Promise<Array<{ name: string; code: string }>> {
  const scope = await customerScopeFilter(actor);
  return Customer.find(scope, { name: 1, code: 1 }).sort({ _id: -1 }).limit(limit).lean<Array<{ name: string; code: string }>>();
}
