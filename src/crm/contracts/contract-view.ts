import { staffNames, type StaffRef } from '../customers/customer-view.js';
import { Customer } from '../models/customer.js';
import type { ContractDoc } from '../models/contract.js';
import { contractBalance, type ContractBalance } from './contract-balance.js';

export interface ContractView {
  id: string;
  number: string;
  customer: { id: string; name: string; code: string };
  dealId: string | null;
  title: string;
  owner: StaffRef;
  amount: number;
  currency: string;
  signedDate: string | null;
  startDate: string | null;
  endDate: string | null;
  status: string;
  approval: { required: boolean; decision: string | null; decidedBy: string | null; decidedAt: string | null; comment: string | null };
  terminationReason: string | null;
  balance: ContractBalance;
  payments: { id: string; receivedDate: string; amount: number; method: string | null; note: string | null; recordedBy: string | null }[];
  version: number;
  createdAt: string;
}

export async function toContractViews(contracts: ContractDoc[], today: string): Promise<ContractView[]> {
  const tenantId = contracts[0]?.tenantId;
  if (!tenantId) return [];
  const names = await staffNames(tenantId, contracts.map((c) => c.ownerId));
  const customers = await Customer.find({ tenantId, _id: { $in: contracts.map((c) => c.customerId) } }, { name: 1, code: 1 }).lean();
  const customerById = new Map(customers.map((c) => [String(c._id), c]));
  return contracts.map((c) => {
    const customer = customerById.get(String(c.customerId));
    return {
      id: String(c._id),
      number: c.number,
      customer: { id: String(c.customerId), name: customer?.name ?? '?', code: customer?.code ?? '?' },
      dealId: c.dealId ? String(c.dealId) : null,
      title: c.title,
      owner: { id: String(c.ownerId), name: names.get(String(c.ownerId)) ?? '?' },
      amount: c.amount,
      currency: c.currency,
      signedDate: c.signedDate ?? null,
      startDate: c.startDate ?? null,
      endDate: c.endDate ?? null,
      status: c.status,
      approval: {
        required: Boolean(c.approval?.required),
        decision: c.approval?.decision ?? null,
        decidedBy: c.approval?.decidedBy ? String(c.approval.decidedBy) : null,
        decidedAt: c.approval?.decidedAt ? c.approval.decidedAt.toISOString() : null,
        comment: c.approval?.comment ?? null,
      },
      terminationReason: c.terminationReason ?? null,
      balance: contractBalance(c, today),
      payments: c.payments.map((p) => ({
        id: String(p._id),
        receivedDate: p.receivedDate,
        amount: p.amount,
        method: p.method ?? null,
        note: p.note ?? null,
        recordedBy: p.recordedBy ? String(p.recordedBy) : null,
      })),
      version: c.version as number,
      createdAt: c.createdAt.toISOString(),
    };
  });
}

export async function toContractView(contract: ContractDoc, today: string): Promise<ContractView> {
  return (await toContractViews([contract], today))[0]!;
}
