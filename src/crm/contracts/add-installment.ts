import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, InvalidInput } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { addInstallmentSchema, type AddInstallmentInput } from './contract-input.js';
import { findContractInScope } from './find-contract-in-scope.js';

/** Adds a payment-plan installment; the plan never adds up to more than the contract amount. */
export async function addInstallment(actor: Actor, contractId: string | Types.ObjectId, rawInput: AddInstallmentInput): Promise<{ contract: ContractDoc; today: string }> {
  const input = parseInput(addInstallmentSchema, rawInput);
  const contract = await findContractInScope(actor, contractId);
  if (contract.status === 'completed' || contract.status === 'terminated') {
    throw new Conflict(`status: a ${contract.status} contract has no payment plan to change`);
  }
  const planned = contract.installments.reduce((s, i) => s + i.amount, 0);
  if (planned + input.amount > contract.amount) {
    throw new InvalidInput(`amount: the plan would exceed the contract amount (${planned} planned of ${contract.amount})`, [
      { path: 'amount', message: `at most ${contract.amount - planned}` },
    ]);
  }
  const before = contract.toObject();
  contract.installments.push(input);
  await saveOrConflict(contract);
  await recordAudit(actor, { action: 'contract.installment.add', entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  return { contract, today: todayIn((await getSalesSettings(actor.tenantId)).timezone) };
}
