import type { StaffRef } from '../customers/customer-view.js';
import { staffNames } from '../customers/customer-view.js';
import type { DealDoc } from '../models/deal.js';
import { Contract } from '../models/contract.js';
import { Customer } from '../models/customer.js';

export interface DealView {
  id: string;
  customer: { id: string; name: string; code: string };
  title: string;
  owner: StaffRef;
  collaborators: StaffRef[];
  stage: string;
  probability: number;
  probabilityOverridden: boolean;
  amount: number;
  currency: string;
  /** amount × probability, minor units, rounded. */
  weightedAmount: number;
  expectedCloseDate: string | null;
  competitors: string[];
  nextStep: string | null;
  lostReason: string | null;
  closedAt: string | null;
  version: number;
  /** A won deal without a contract yet: what the contract would start from (clients offer "create the contract"). */
  contractOffer: { dealId: string; customerId: string; amount: number; currency: string } | null;
  createdAt: string;
  updatedAt: string;
}

export async function toDealViews(deals: DealDoc[]): Promise<DealView[]> {
  const tenantId = deals[0]?.tenantId;
  if (!tenantId) return [];
  const names = await staffNames(tenantId, deals.flatMap((d) => [d.ownerId, ...d.collaboratorIds]));
  const customers = await Customer.find({ tenantId, _id: { $in: deals.map((d) => d.customerId) } }, { name: 1, code: 1 }).lean();
  const customerById = new Map(customers.map((c) => [String(c._id), c]));
  const wonIds = deals.filter((d) => d.closedAt && d.probability === 100).map((d) => d._id);
  const contracted = new Set(
    wonIds.length === 0 ? [] : (await Contract.find({ tenantId, dealId: { $in: wonIds } }, { dealId: 1 }).lean()).map((c) => String(c.dealId)),
  );
  const ref = (id: unknown): StaffRef => ({ id: String(id), name: names.get(String(id)) ?? '?' });
  return deals.map((d) => {
    const c = customerById.get(String(d.customerId));
    return {
      id: String(d._id),
      customer: { id: String(d.customerId), name: c?.name ?? '?', code: c?.code ?? '?' },
      title: d.title,
      owner: ref(d.ownerId),
      collaborators: d.collaboratorIds.map(ref),
      stage: d.stage,
      probability: d.probability,
      probabilityOverridden: Boolean(d.probabilityOverridden),
      amount: d.amount,
      currency: d.currency,
      weightedAmount: Math.round((d.amount * d.probability) / 100),
      expectedCloseDate: d.expectedCloseDate ?? null,
      competitors: [...d.competitors],
      nextStep: d.nextStep ?? null,
      lostReason: d.lostReason ?? null,
      closedAt: d.closedAt ? d.closedAt.toISOString() : null,
      version: d.version as number,
      contractOffer:
        d.closedAt && d.probability === 100 && !contracted.has(String(d._id))
          ? { dealId: String(d._id), customerId: String(d.customerId), amount: d.amount, currency: d.currency }
          : null,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  });
}

export async function toDealView(deal: DealDoc): Promise<DealView> {
  return (await toDealViews([deal]))[0]!;
}
