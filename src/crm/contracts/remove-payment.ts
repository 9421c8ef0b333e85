import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, Forbidden, NotFound } from '../../errors.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc } from '../models/contract.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { findContractInScope } from './find-contract-in-scope.js';
import { can } from '../permissions/access-of.js';

/** Corrects a payment recorded by mistake: managers of the owner's department and admins only; the audit log keeps it. */
export async function removePayment(actor: Actor, contractId: string | Types.ObjectId, paymentId: string): Promise<ContractDoc> {
  const contract = await findContractInScope(actor, contractId);
  if (!can(actor, 'contracts', 'approve') || !(await mayActForStaff(actor, contract.ownerId))) {
    throw new Forbidden('only a manager of the owner’s department or an admin can remove a recorded payment');
  }
  if (contract.status === 'completed' || contract.status === 'terminated') throw new Conflict(`status: a ${contract.status} contract's payments are final`);
  const index = contract.payments.findIndex((p) => String(p._id) === paymentId);
  if (index < 0) throw new NotFound('payment');
  const before = contract.toObject();
  contract.payments.splice(index, 1);
  await saveOrConflict(contract);
  await recordAudit(actor, { action: 'contract.payment.remove', entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  return contract;
}
