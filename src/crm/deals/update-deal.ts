import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, Forbidden } from '../../errors.js';
import type { DealDoc } from '../models/deal.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordDealActivity } from './record-deal-activity.js';
import { mayActForStaff, mayManageCustomerPeople } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { applyDealStage } from './apply-deal-stage.js';
import { customerFollowsWonDeal } from './customer-follows-won-deal.js';
import { updateDealSchema, type UpdateDealInput } from './deal-input.js';
import { findDealInScope } from './find-deal-in-scope.js';
import { getSalesSettings, resolveDealStage } from './sales-settings.js';
import { saveOrConflict } from './save-or-conflict.js';

/** The one write path for deal fields, under optimistic concurrency: a stale `version` is a 409. */
export async function updateDeal(actor: Actor, dealId: string | Types.ObjectId, rawPatch: UpdateDealInput, now = new Date()): Promise<DealDoc> {
  const patch = parseInput(updateDealSchema, rawPatch);
  const deal = await findDealInScope(actor, dealId);
  if (deal.version !== patch.version) {
    throw new Conflict(`version: the deal is at version ${deal.version}, your change was made from ${patch.version}; reload and try again`, [
      { path: 'version', message: 'stale', current: deal.version },
    ]);
  }
  const before = deal.toObject();

  if ((patch.ownerId !== undefined || patch.collaboratorIds !== undefined) && !(await mayManageCustomerPeople(actor, deal))) {
    throw new Forbidden('only the deal owner, a manager of the owner’s department or an admin can change ownerId or collaboratorIds');
  }
  if (patch.ownerId !== undefined && patch.ownerId !== String(deal.ownerId)) {
    if (!(await mayActForStaff(actor, patch.ownerId))) throw new Forbidden('ownerId: you cannot hand deals to this staff member');
    await requireActiveStaff(actor.tenantId, [patch.ownerId]);
    deal.ownerId = new Types.ObjectId(patch.ownerId);
  }
  if (patch.collaboratorIds !== undefined) {
    await requireActiveStaff(actor.tenantId, patch.collaboratorIds);
    deal.collaboratorIds = [...new Set(patch.collaboratorIds)].map((id) => new Types.ObjectId(id));
  }
  for (const field of ['title', 'amount', 'currency', 'expectedCloseDate', 'competitors', 'nextStep', 'lostReason'] as const) {
    const value = patch[field];
    if (value !== undefined) deal.set(field, value === null ? undefined : value);
  }
  const stages = (await getSalesSettings(actor.tenantId)).dealStages;
  // A stage an admin has since removed from the settings does not block edits that leave it alone.
  const stage = patch.stage !== undefined ? resolveDealStage(stages, patch.stage) : stages.find((s) => s.key === deal.stage);
  if (stage) applyDealStage(deal, stage, patch.probability, now);
  else if (patch.probability !== undefined) {
    deal.probability = patch.probability ?? deal.probability;
    deal.probabilityOverridden = patch.probability !== null;
  }

  if (!deal.isModified()) return deal;
  await saveOrConflict(deal);
  await recordAudit(actor, { action: 'deal.update', entity: 'deal', entityId: deal._id, before, after: deal.toObject() });
  if (stage && before.stage !== deal.stage) await recordDealActivity(actor, deal, stage, before.stage);
  if (stage?.won && before.stage !== deal.stage) await customerFollowsWonDeal(actor, deal);
  return deal;
}
