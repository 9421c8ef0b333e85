import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, InvalidInput } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import type { ContractDoc, ContractStatus } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordContractActivity } from './record-contract-activity.js';
import { changeContractStatusSchema, type ChangeContractStatusInput } from './contract-input.js';
import { findContractInScope } from './find-contract-in-scope.js';

/**
 * 草稿 → 待审批 → 已签订 → 执行中 → 已完成, and 已终止 from any open state. A draft that needs
 * approval cannot be signed directly; 待审批 → 已签订 happens only through decideContractApproval.
 */
const NEXT: Record<ContractStatus, ContractStatus[]> = {
  draft: ['pending_approval', 'signed', 'terminated'],
  pending_approval: ['terminated'],
  signed: ['executing', 'terminated'],
  executing: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};

export async function changeContractStatus(
  actor: Actor,
  contractId: string | Types.ObjectId,
  rawInput: ChangeContractStatusInput,
  now = new Date(),
): Promise<{ contract: ContractDoc; today: string }> {
  const input = parseInput(changeContractStatusSchema, rawInput);
  const contract = await findContractInScope(actor, contractId);
  const settings = await getSalesSettings(actor.tenantId);
  const today = todayIn(settings.timezone, now);
  const from = contract.status as ContractStatus;
  const to = input.status;
  if (!NEXT[from].includes(to)) {
    const hint = from === 'pending_approval' && to === 'signed' ? ' (a manager approves it via the approval endpoint)' : '';
    throw new Conflict(`status: a contract cannot go from ${from} to ${to}${hint}`, [{ path: 'status', message: `illegal transition ${from} → ${to}` }]);
  }
  const required = contract.amount > settings.contractApprovalThreshold;
  if (from === 'draft' && to === 'signed' && required) {
    throw new Conflict(`status: the amount is above the approval threshold (${settings.contractApprovalThreshold}); submit it for approval first`, [
      { path: 'status', message: 'approval required' },
    ]);
  }
  if (to === 'terminated' && !input.reason) {
    throw new InvalidInput('reason: required to terminate a contract', [{ path: 'reason', message: 'required' }]);
  }
  const before = contract.toObject();
  contract.status = to;
  contract.set('approval.required', required);
  if (to === 'signed') contract.signedDate = input.signedDate ?? contract.signedDate ?? today;
  if (to === 'terminated') contract.terminationReason = input.reason;
  await saveOrConflict(contract);
  await recordAudit(actor, { action: 'contract.status', entity: 'contract', entityId: contract._id, before, after: contract.toObject() });
  if (to === 'signed') await recordContractActivity(actor, contract, { type: 'contract_signed' });
  return { contract, today };
}
