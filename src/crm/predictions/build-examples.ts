import type { Types } from 'mongoose';
import { getSalesSettings } from '../deals/sales-settings.js';
import { Customer } from '../models/customer.js';
import { Deal } from '../models/deal.js';
import type { TenantHistory } from './customer-history.js';
import { countBetween } from './customer-history.js';
import { customerFacts, dealFacts, featureVector } from './prediction-features.js';

const DAY = 86_400_000;
/** Churn is judged over this horizon: active before it, silent through it. */
export const CHURN_HORIZON_DAYS = 90;
/** "Active": some business (follow-up, contract, payment, won deal) in this many days. */
export const ACTIVE_DAYS = 180;

export interface Examples {
  /** Subject ids (customer or deal), for splitting and tracing. */
  ids: string[];
  rows: number[][];
  labels: number[];
}

export interface TenantSubjects {
  customers: Map<string, { createdAt: number; ownerId: Types.ObjectId }>;
  openTickets: Map<string, number>;
}

export async function loadTenantCustomers(tenantId: Types.ObjectId, customerIds?: Types.ObjectId[]): Promise<TenantSubjects['customers']> {
  const rows = await Customer.find({ tenantId, deletedAt: null, ...(customerIds ? { _id: { $in: customerIds } } : {}) }, { createdAt: 1, ownerId: 1 }).lean<
    { _id: Types.ObjectId; createdAt?: Date; ownerId: Types.ObjectId }[]
  >();
  return new Map(rows.map((c) => [String(c._id), { createdAt: c.createdAt?.getTime() ?? 0, ownerId: c.ownerId }]));
}

/**
 * Churn history: as of `now` − 90 days, every customer active then (business in the 180 days
 * before) is an example; the label is 1 when nothing followed in the 90 days up to `now`.
 */
export function churnExamples(history: TenantHistory, subjects: TenantSubjects, now: Date): Examples {
  const t0 = now.getTime() - CHURN_HORIZON_DAYS * DAY;
  const out: Examples = { ids: [], rows: [], labels: [] };
  for (const [id, c] of subjects.customers) {
    const h = history.customers.get(id);
    if (!h || c.createdAt >= t0) continue;
    if (countBetween(h.engagements, t0 - ACTIVE_DAYS * DAY, t0) === 0) continue;
    out.ids.push(id);
    out.rows.push(featureVector('churn', customerFacts(h, c.createdAt, t0, subjects.openTickets.get(id) ?? 0)));
    out.labels.push(countBetween(h.engagements, t0, now.getTime() + 1) === 0 ? 1 : 0);
  }
  return out;
}

/** Win history: every closed deal, its facts as of its close; the label is 1 when won. */
export async function winExamples(tenantId: Types.ObjectId, history: TenantHistory, subjects: TenantSubjects): Promise<Examples> {
  const stages = (await getSalesSettings(tenantId)).dealStages;
  const closed = stages.filter((s) => s.closed);
  const won = new Set(closed.filter((s) => s.won).map((s) => s.key));
  const out: Examples = { ids: [], rows: [], labels: [] };
  const cursor = Deal.find(
    { tenantId, deletedAt: null, stage: { $in: closed.map((s) => s.key) }, closedAt: { $ne: null } },
    { customerId: 1, amount: 1, currency: 1, createdAt: 1, closedAt: 1, stage: 1 },
  )
    .lean()
    .cursor({ batchSize: 5000 });
  for await (const d of cursor) {
    const customer = subjects.customers.get(String(d.customerId));
    if (!customer || !d.closedAt) continue;
    // A minute before the close: the closing move itself is not evidence of the outcome.
    const asOf = d.closedAt.getTime() - 60_000;
    const id = String(d._id);
    const facts = customerFacts(history.customers.get(String(d.customerId)), customer.createdAt, asOf, subjects.openTickets.get(String(d.customerId)) ?? 0);
    const deal = { id, amount: d.amount, currency: d.currency, createdAt: (d as { createdAt?: Date }).createdAt?.getTime() ?? asOf };
    out.ids.push(id);
    out.rows.push(featureVector('win', dealFacts(deal, history.dealStageMoves.get(id), facts, asOf)));
    out.labels.push(won.has(d.stage) ? 1 : 0);
  }
  return out;
}
