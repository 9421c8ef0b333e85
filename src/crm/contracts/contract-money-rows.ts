import type { Types } from 'mongoose';
import { Contract } from '../models/contract.js';
import { contractBalance } from './contract-balance.js';

type OwnerSelection = Types.ObjectId[] | 'all';
const owned = (owners: OwnerSelection) => (owners === 'all' ? {} : { ownerId: { $in: owners } });

/** Contracts whose payment plan is live: money is owed on them. */
export const COLLECTING_STATUSES = ['signed', 'executing'] as const;

export interface PaymentSumRow {
  ownerId: string;
  currency: string;
  payments: number;
  amount: number;
}

/**
 * Payments received on dates in [from, to) (YYYY-MM-DD), per contract owner and currency.
 * Index: contracts {tenantId, payments.receivedDate}.
 */
export async function paymentSumRows(input: { tenantId: Types.ObjectId; owners: OwnerSelection; from: string; to: string }): Promise<PaymentSumRow[]> {
  const inRange = { $gte: input.from, $lt: input.to };
  const rows = await Contract.aggregate<{ _id: { ownerId: Types.ObjectId; currency: string }; payments: number; amount: number }>([
    { $match: { tenantId: input.tenantId, 'payments.receivedDate': inRange, ...owned(input.owners) } },
    { $unwind: '$payments' },
    { $match: { 'payments.receivedDate': inRange } },
    { $group: { _id: { ownerId: '$ownerId', currency: '$currency' }, payments: { $sum: 1 }, amount: { $sum: '$payments.amount' } } },
  ]);
  return rows.map((r) => ({ ownerId: String(r._id.ownerId), currency: r._id.currency, payments: r.payments, amount: r.amount }));
}

export interface OverdueContractRow {
  contractId: string;
  number: string;
  ownerId: string;
  customerId: string;
  currency: string;
  /** Unpaid part of installments due before `today`. */
  overdue: number;
}

/**
 * Signed or executing contracts with an installment due before `today` that payments have not
 * covered (payments go to the oldest installment first). Index: contracts {tenantId, status, installments.dueDate}.
 */
export async function overdueContractRows(input: { tenantId: Types.ObjectId; owners: OwnerSelection; today: string }): Promise<OverdueContractRow[]> {
  const candidates = await Contract.find(
    {
      tenantId: input.tenantId,
      status: { $in: [...COLLECTING_STATUSES] },
      'installments.dueDate': { $lt: input.today },
      ...owned(input.owners),
    },
    { number: 1, ownerId: 1, customerId: 1, currency: 1, amount: 1, installments: 1, payments: 1 },
  ).lean();
  return candidates.flatMap((c) => {
    const overdue = contractBalance(c, input.today).overdue;
    return overdue > 0
      ? [{ contractId: String(c._id), number: c.number, ownerId: String(c.ownerId), customerId: String(c.customerId), currency: c.currency, overdue }]
      : [];
  });
}
