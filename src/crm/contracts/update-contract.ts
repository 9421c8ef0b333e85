import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, InvalidInput } from '../../errors.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { updateContractSchema, type UpdateContractInput } from './contract-input.js';
import { findContractInScope } from './find-contract-in-scope.js';

/** Changes a draft's terms; once submitted or signed the terms are fixed (terminate and redo instead). */
export async function updateContract(actor: Actor, contractId: string | Types.ObjectId, rawPatch: UpdateContractInput): Promise<ContractDoc> {
  const patch = parseInput(updateContractSchema, rawPatch);
  const contract = await findContractInScope(actor, contractId);
  if (contract.version !== patch.version) {
    throw new Conflict(`version: the contract is at version ${contract.version}; reload and try again`, [{ path: 'version', message: 'stale' }]);
  }
  if (contract.status !== 'draft') throw new Conflict(`status: a ${contract.status} contract cannot be edited, only a draft`);
  const before = contract.toObject();
  for (const field of ['title', 'amount', 'currency', 'signedDate', 'startDate', 'endDate'] as const) {
    const value = patch[field];
    if (value !== undefined) contract.set(field, value === null ? undefined : value);
  }
  if (contract.startDate && contract.endDate && contract.endDate < contract.startDate) {
    throw new InvalidInput('endDate: must not be before startDate', [{ path: 'endDate', message: 'must not be before startDate' }]);
  }
  const planned = contract.installments.reduce((s, i) => s + i.amount, 0);
  if (contract.amount < planned) {
    throw new InvalidInput(`amount: below the payment plan (${planned})`, [{ path: 'amount', message: 'below the payment plan' }]);
  }
  contract.set('approval.required', contract.amount > (await getSalesSettings(actor.tenantId)).contractApprovalThreshold);
  if (!contract.isModified()) return contract;
  await saveOrConflict(contract);
  await recordAudit(actor, { action: 'contract.update', entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  return contract;
}
