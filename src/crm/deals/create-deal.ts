import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Forbidden } from '../../errors.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Deal, type DealDoc } from '../models/deal.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordDealActivity } from './record-deal-activity.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { applyDealStage } from './apply-deal-stage.js';
import { customerFollowsWonDeal } from './customer-follows-won-deal.js';
import { createDealSchema, type CreateDealInput } from './deal-input.js';
import { getSalesSettings, resolveDealStage } from './sales-settings.js';

/** A deal (商机) on a customer the actor can see; it starts in the first stage unless told otherwise. */
export async function createDeal(actor: Actor, rawInput: CreateDealInput, now = new Date()): Promise<DealDoc> {
  const input = parseInput(createDealSchema, rawInput);
  const customer = await findCustomerInScope(actor, input.customerId);
  const settings = await getSalesSettings(actor.tenantId);
  const stage = input.stage ? resolveDealStage(settings.dealStages, input.stage) : settings.dealStages[0]!;

  const ownerId = input.ownerId ?? (actor.staffId ? String(actor.staffId) : String(customer.ownerId));
  if (!(await mayActForStaff(actor, ownerId))) throw new Forbidden('ownerId: you cannot create deals for this staff member');
  await requireActiveStaff(actor.tenantId, [ownerId, ...(input.collaboratorIds ?? [])]);

  const deal = new Deal({
    tenantId: actor.tenantId,
    customerId: customer._id,
    title: input.title,
    ownerId: new Types.ObjectId(ownerId),
    collaboratorIds: [...new Set(input.collaboratorIds ?? [])].map((id) => new Types.ObjectId(id)),
    stage: '',
    probability: 0,
    amount: input.amount,
    currency: input.currency ?? settings.defaultCurrency,
    expectedCloseDate: input.expectedCloseDate,
    competitors: input.competitors ?? [],
    nextStep: input.nextStep,
    lostReason: input.lostReason,
    createdBy: actor.staffId ?? undefined,
  });
  applyDealStage(deal, stage, input.probability, now);
  await deal.save();
  await recordAudit(actor, { action: 'deal.create', entity: 'deal', entityId: deal._id, before: null, after: deal.toObject() });
  await recordDealActivity(actor, deal, stage, null);
  if (stage.won) await customerFollowsWonDeal(actor, deal);
  return deal;
}
