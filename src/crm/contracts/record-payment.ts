import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, InvalidInput } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordContractActivity } from './record-contract-activity.js';
import { contractBalance } from './contract-balance.js';
import { recordPaymentSchema, type RecordPaymentInput } from './contract-input.js';
import { findContractInScope } from './find-contract-in-scope.js';

/**
 * Records a payment received (回款) on a signed or executing contract. It may not exceed what is
 * outstanding; the check and the write are one versioned save, so two payments racing for the same
 * remainder cannot both land (the second is a 409).
 */
export async function recordPayment(
  actor: Actor,
  contractId: string | Types.ObjectId,
  rawInput: RecordPaymentInput,
  now = new Date(),
): Promise<{ contract: ContractDoc; today: string }> {
  const input = parseInput(recordPaymentSchema, rawInput);
  const contract = await findContractInScope(actor, contractId);
  if (contract.status !== 'signed' && contract.status !== 'executing') {
    throw new Conflict(`status: payments are recorded on signed or executing contracts, this one is ${contract.status}`);
  }
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone, now);
  if (input.receivedDate > today) throw new InvalidInput('receivedDate: must not be in the future', [{ path: 'receivedDate', message: 'in the future' }]);
  const { outstanding } = contractBalance(contract, today);
  if (input.amount > outstanding) {
    throw new InvalidInput(`amount: above the outstanding ${outstanding}`, [{ path: 'amount', message: `at most ${outstanding}` }]);
  }
  const before = contract.toObject();
  contract.payments.push({ ...input, recordedBy: actor.staffId ?? undefined, recordedAt: now });
  await saveOrConflict(contract);
  await recordAudit(actor, { action: 'contract.payment.add', entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  await recordContractActivity(actor, contract, { type: 'payment_recorded', amount: input.amount, receivedDate: input.receivedDate });
  return { contract, today };
}
