import type { Types } from 'mongoose';
import { Customer } from '../../models/customer.js';
import { inSelection, type StaffSelection } from './owner-filter.js';

export interface StageCount {
  ownerId: string;
  stage: string;
  count: number;
}

/** Current customers per owner and stage. Index: customers {tenantId, ownerId, stage}. */
export async function countStageFunnel(tenantId: Types.ObjectId, owners: StaffSelection): Promise<StageCount[]> {
  const rows = await Customer.aggregate<{ _id: { ownerId: Types.ObjectId; stage: string }; count: number }>([
    { $match: { tenantId, deletedAt: null, ...inSelection('ownerId', owners) } },
    { $group: { _id: { ownerId: '$ownerId', stage: '$stage' }, count: { $sum: 1 } } },
  ]);
  return rows.map((r) => ({ ownerId: String(r._id.ownerId), stage: r._id.stage, count: r.count }));
}
