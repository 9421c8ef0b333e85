import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, NotFound } from '../../errors.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc } from '../models/contract.js';
import { recordAudit } from '../record-audit.js';
import { findContractInScope } from './find-contract-in-scope.js';

export async function removeInstallment(actor: Actor, contractId: string | Types.ObjectId, installmentId: string): Promise<ContractDoc> {
  const contract = await findContractInScope(actor, contractId);
  if (contract.status === 'completed' || contract.status === 'terminated') {
    throw new Conflict(`status: a ${contract.status} contract has no payment plan to change`);
  }
  const index = contract.installments.findIndex((i) => String(i._id) === installmentId);
  if (index < 0) throw new NotFound('installment');
  const before = contract.toObject();
  contract.installments.splice(index, 1);
  await saveOrConflict(contract);
  await recordAudit(actor, { action: 'contract.installment.remove', entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  return contract;
}
