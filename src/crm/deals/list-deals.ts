import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { Deal, type DealDoc, type DealRecord } from '../models/deal.js';
import { parseInput } from '../../parse-input.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { listDealsSchema, type ListDealsInput } from './deal-input.js';
import { getSalesSettings, resolveDealStage } from './sales-settings.js';

/** Deals in the actor's scope, filtered by customer, owner, stage or open/won/lost; newest first, cursor on _id. */
export async function listDeals(actor: Actor, rawInput: ListDealsInput = {}): Promise<{ items: DealDoc[]; nextCursor: string | null }> {
  const input = parseInput(listDealsSchema, rawInput);
  const conditions: FilterQuery<DealRecord>[] = [{ ...(await customerRecordScopeFilter(actor)), deletedAt: null }];
  if (input.customerId) conditions.push({ customerId: new Types.ObjectId(input.customerId) });
  if (input.ownerId) conditions.push({ ownerId: new Types.ObjectId(input.ownerId) });
  if (input.stage || input.status) {
    const stages = (await getSalesSettings(actor.tenantId)).dealStages;
    if (input.stage) conditions.push({ stage: resolveDealStage(stages, input.stage).key });
    if (input.status) {
      const keys = stages.filter((s) => (input.status === 'open' ? !s.closed : s.closed && s.won === (input.status === 'won'))).map((s) => s.key);
      conditions.push({ stage: { $in: keys } });
    }
  }
  if (input.cursor) conditions.push({ _id: { $lt: new Types.ObjectId(input.cursor) } });
  const rows = await Deal.find({ $and: conditions }).sort({ _id: -1 }).limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? String(items[items.length - 1]!._id) : null };
}
