import type { Actor } from '../actor.js';
import { toCustomerViews, type CustomerView } from '../customers/customer-view.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { DuplicatePair } from './duplicate-pair-model.js';

export interface DuplicatePairView {
  id: string;
  score: number;
  reasons: string[];
  customers: [CustomerView, CustomerView];
}

/** Open candidate pairs, best first, where the actor can see both customers. */
export async function listDuplicatePairs(actor: Actor, limit = 50): Promise<DuplicatePairView[]> {
  const scope = await customerScopeFilter(actor);
  const views: DuplicatePairView[] = [];
  const cursor = DuplicatePair.find({ tenantId: actor.tenantId, status: 'open' }).sort({ score: -1, _id: 1 }).lean().cursor({ batchSize: 200 });
  for await (const pair of cursor) {
    const customers = await Customer.find({ ...scope, _id: { $in: [pair.a, pair.b] } }).lean();
    if (customers.length !== 2) continue;
    const [first, second] = await toCustomerViews(customers.sort((x, y) => (String(x._id) === String(pair.a) ? -1 : String(y._id) === String(pair.a) ? 1 : 0)));
    views.push({ id: String(pair._id), score: pair.score, reasons: pair.reasons, customers: [first!, second!] });
    if (views.length >= limit) break;
  }
  return views;
}
