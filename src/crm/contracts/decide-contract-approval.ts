import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, Forbidden } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordContractActivity } from './record-contract-activity.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { contractApprovalSchema, type ContractApprovalInput } from './contract-input.js';
import { findContractInScope } from './find-contract-in-scope.js';
import { assertCan } from '../permissions/access-of.js';

/**
 * A manager of the owner's department (or an admin) approves a pending contract — it is then
 * signed — or rejects it back to draft. Nobody approves a contract they own or created.
 */
export async function decideContractApproval(
  actor: Actor,
  contractId: string | Types.ObjectId,
  rawInput: ContractApprovalInput,
  now = new Date(),
): Promise<{ contract: ContractDoc; today: string }> {
  const input = parseInput(contractApprovalSchema, rawInput);
  const contract = await findContractInScope(actor, contractId);
  assertCan(actor, 'contracts', 'approve', 'only managers and admins decide on contract approvals');
  if (actor.staffId && (actor.staffId.equals(contract.ownerId) || (contract.createdBy && actor.staffId.equals(contract.createdBy)))) {
    // The "bad input": a 409 naming the field, like the other refused transitions.
    const message = 'you cannot approve or reject your own contract; a manager of its department or an admin decides';
    throw new Conflict(`approval: ${message}`, [{ path: 'approval', message }]);
  }
  if (!(await mayActForStaff(actor, contract.ownerId))) throw new Forbidden('only a manager of the owner’s department or an admin can decide');
  if (contract.status !== 'pending_approval') {
    throw new Conflict(`status: the contract is ${contract.status}, not pending approval`, [{ path: 'status', message: 'not pending approval' }]);
  }
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone, now);
  const before = contract.toObject();
  const approved = input.decision === 'approve';
  contract.status = approved ? 'signed' : 'draft';
  if (approved) contract.signedDate = contract.signedDate ?? today;
  contract.set('approval', {
    required: true,
    decision: approved ? 'approved' : 'rejected',
    decidedBy: actor.staffId ?? undefined,
    decidedAt: now,
    comment: input.comment,
  });
  await saveOrConflict(contract);
  await recordAudit(actor, { action: `contract.${approved ? 'approve' : 'reject'}`, entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  if (approved) await recordContractActivity(actor, contract, { type: 'contract_signed' });
  return { contract, today };
}
