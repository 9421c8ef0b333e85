import { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { objectIdString } from '../customers/customer-input.js';
import { Deal } from '../models/deal.js';
import { parseInput } from '../../parse-input.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { scoreCustomers, scoreDeals, type Score } from './score-subjects.js';

/** 高 / 中 / 低 at 60 % and 30 %. */
export function riskLevel(probability: number): '高' | '中' | '低' {
  return probability >= 0.6 ? '高' : probability >= 0.3 ? '中' : '低';
}

/** A customer's churn risk now, scored on demand with the tenant's current model (not found outside the actor's scope). */
export async function predictCustomerChurn(actor: Actor, customerId: string | Types.ObjectId, now = new Date()): Promise<Score & { level: string }> {
  const customer = await findCustomerInScope(actor, customerId);
  const [score] = await scoreCustomers(actor.tenantId, now, [customer._id]);
  return { ...score!, level: riskLevel(score!.probability) };
}

export const listDealPredictionsSchema = z
  .object({
    customerId: objectIdString.optional(),
    ownerId: objectIdString.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListDealPredictionsInput = z.input<typeof listDealPredictionsSchema>;

/** Win probability of the open deals the actor may see (optionally of one customer or owner), most likely first. */
export async function predictDealsForActor(actor: Actor, rawInput: ListDealPredictionsInput = {}, now = new Date()): Promise<(Score & { dealId: string; title: string; stage: string; amount: number; currency: string })[]> {
  const input = parseInput(listDealPredictionsSchema, rawInput);
  const scope = await customerRecordScopeFilter(actor);
  const deals = await Deal.find(
    {
      ...scope,
      deletedAt: null,
      ...(input.customerId ? { customerId: new Types.ObjectId(input.customerId) } : {}),
      ...(input.ownerId ? { ownerId: new Types.ObjectId(input.ownerId) } : {}),
    },
    { title: 1, stage: 1, amount: 1, currency: 1 },
  )
    .sort({ _id: -1 })
    .limit(500)
    .lean();
  const byId = new Map(deals.map((d) => [String(d._id), d]));
  const scores = await scoreDeals(actor.tenantId, now, deals.map((d) => d._id));
  return scores
    .sort((a, b) => b.probability - a.probability)
    .slice(0, input.limit)
    .map((s) => {
      const d = byId.get(s.subjectId)!;
      return { ...s, dealId: s.subjectId, title: d.title, stage: d.stage, amount: d.amount, currency: d.currency };
    });
}
