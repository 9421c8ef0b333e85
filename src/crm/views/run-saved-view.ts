import type { Actor } from '../actor.js';
import { parseInput } from '../../parse-input.js';
import type { FilterGroup } from '../query/customer-filter-schema.js';
import { queryCustomers, type CustomerQueryPage } from '../query/query-customers.js';
import { findVisibleSavedView } from './list-saved-views.js';
import { runSavedViewSchema, type RunSavedViewInput } from './saved-view-input.js';

/** Runs a view's filter as the caller: a shared view shows each person only the customers in their own scope. */
export async function runSavedView(actor: Actor, viewId: string, rawInput: RunSavedViewInput = {}): Promise<CustomerQueryPage & { columns: string[] }> {
  const input = parseInput(runSavedViewSchema, rawInput);
  const view = await findVisibleSavedView(actor, viewId);
  const page = await queryCustomers(actor, { ...input, filter: view.filter as FilterGroup });
  return { ...page, columns: [...view.columns] };
}
