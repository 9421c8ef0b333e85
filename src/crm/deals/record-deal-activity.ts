import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import type { DealDoc } from '../models/deal.js';
import type { DealStageDefinition } from '../models/tenant.js';

/**
 * Puts a deal's creation or stage move on its customer's timeline: the fact automation rules and
 * statistics read (won amount, lost reason, from → to).
 */
export async function recordDealActivity(actor: Actor, deal: DealDoc, stage: DealStageDefinition, fromStage: string | null): Promise<void> {
  const type = fromStage === null ? 'deal_created' : stage.won ? 'deal_won' : stage.closed ? 'deal_lost' : 'deal_stage_changed';
  await recordActivity(actor, {
    customerId: deal.customerId,
    type,
    content: deal.title,
    data: {
      dealId: deal._id.toHexString(),
      title: deal.title,
      from: fromStage,
      to: stage.key,
      amount: deal.amount,
      currency: deal.currency,
      ownerId: deal.ownerId.toHexString(),
      ...(deal.lostReason ? { lostReason: deal.lostReason } : {}),
    },
  });
}
