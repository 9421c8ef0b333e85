import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Deal, type DealDoc } from '../models/deal.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';

/** A deal the actor may see; anything else (other scope, other tenant, deleted, bad id) is "not found". */
export async function findDealInScope(actor: Actor, dealId: string | Types.ObjectId): Promise<DealDoc> {
  if (typeof dealId === 'string' && !Types.ObjectId.isValid(dealId)) throw new NotFound('deal');
  const deal = await Deal.findOne({ ...(await customerRecordScopeFilter(actor)), deletedAt: null, _id: new Types.ObjectId(String(dealId)) });
  if (!deal) throw new NotFound('deal');
  return deal;
}
