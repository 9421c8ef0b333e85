export interface InstallmentBalance {
  id: string;
  dueDate: string;
  amount: number;
  note: string | null;
  /** Payments are allocated to installments oldest due date first. */
  paid: number;
  status: 'paid' | 'partial' | 'due' | 'overdue';
}

export interface ContractBalance {
  amount: number;
  paid: number;
  /** amount − paid. */
  outstanding: number;
  /** Sum of the payment plan. */
  planned: number;
  /** Unpaid part of installments whose due date is before today. */
  overdue: number;
  installments: InstallmentBalance[];
}

/** What a contract's money stands at on `today` (YYYY-MM-DD), all in integer minor units. */
export function contractBalance(
  contract: { amount: number; installments: { _id: unknown; dueDate: string; amount: number; note?: string | null }[]; payments: { amount: number }[] },
  today: string,
): ContractBalance {
  const paid = contract.payments.reduce((s, p) => s + p.amount, 0);
  let unallocated = paid;
  const installments = [...contract.installments]
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
    .map((i): InstallmentBalance => {
      const covered = Math.min(unallocated, i.amount);
      unallocated -= covered;
      const status = covered === i.amount ? 'paid' : i.dueDate < today ? 'overdue' : covered > 0 ? 'partial' : 'due';
      return { id: String(i._id), dueDate: i.dueDate, amount: i.amount, note: i.note ?? null, paid: covered, status };
    });
  const overdue = installments.filter((i) => i.dueDate < today).reduce((s, i) => s + (i.amount - i.paid), 0);
  const planned = contract.installments.reduce((s, i) => s + i.amount, 0);
  return { amount: contract.amount, paid, outstanding: contract.amount - paid, planned, overdue, installments };
}
