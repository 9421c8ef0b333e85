import type { Actor } from '../actor.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';

/**
 * Tickets the actor may see: those of customers they can see (the customer-record rule) and those
 * assigned to them, so a service colleague works a ticket without owning the customer.
 */
export async function ticketScopeFilter(actor: Actor): Promise<{ tenantId: Actor['tenantId']; $or?: Record<string, unknown>[] }> {
  const scope = await customerRecordScopeFilter(actor);
  if (!scope.$or) return scope;
  const byCustomer = scope.$or.filter((c) => 'customerId' in c);
  return { tenantId: scope.tenantId, $or: [...byCustomer, ...(actor.staffId ? [{ assigneeId: actor.staffId }] : [])] };
}
