import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { DuplicatePair } from './duplicate-pair-model.js';

/** "Not the same client": the pair stays dismissed through later scans. */
export async function dismissDuplicatePair(actor: Actor, pairId: string): Promise<void> {
  if (!Types.ObjectId.isValid(pairId)) throw new NotFound('duplicate pair');
  const pair = await DuplicatePair.findOne({ _id: new Types.ObjectId(pairId), tenantId: actor.tenantId });
  if (!pair) throw new NotFound('duplicate pair');
  const visible = await Customer.countDocuments({ ...(await customerScopeFilter(actor)), _id: { $in: [pair.a, pair.b] } });
  if (visible !== 2) throw new NotFound('duplicate pair');
  await DuplicatePair.updateOne({ _id: pair._id }, { $set: { status: 'dismissed' } });
}
