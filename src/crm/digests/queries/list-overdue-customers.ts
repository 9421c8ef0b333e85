import type { Types } from 'mongoose';
import { Customer } from '../../models/customer.js';
import { inSelection, type StaffSelection } from './owner-filter.js';

export interface OverdueCustomer {
  customerId: string;
  code: string;
  name: string;
  ownerId: string;
  nextFollowUpAt: Date;
}

/**
 * Open customers whose next follow-up was due before `dueBefore` and who have not been contacted
 * since it fell due, most overdue first. Index: customers {tenantId, ownerId, nextFollowUpAt}.
 */
export async function listOverdueCustomers(
  tenantId: Types.ObjectId,
  dueBefore: Date,
  owners: StaffSelection,
  closedStages: string[],
): Promise<OverdueCustomer[]> {
  const rows = await Customer.aggregate<{
    _id: Types.ObjectId;
    code: string;
    name: string;
    ownerId: Types.ObjectId;
    nextFollowUpAt: Date;
  }>([
    {
      $match: {
        tenantId,
        deletedAt: null,
        ...inSelection('ownerId', owners),
        nextFollowUpAt: { $lt: dueBefore },
        stage: { $nin: closedStages },
      },
    },
    // A follow-up logged after the due date settles it even when no next date was set.
    {
      $match: {
        $expr: { $lt: [{ $ifNull: ['$lastContactAt', new Date(0)] }, '$nextFollowUpAt'] },
      },
    },
    { $sort: { nextFollowUpAt: 1, _id: 1 } },
    { $project: { code: 1, name: 1, ownerId: 1, nextFollowUpAt: 1 } },
  ]);
  return rows.map((r) => ({
    customerId: String(r._id),
    code: r.code,
    name: r.name,
    ownerId: String(r.ownerId),
    nextFollowUpAt: r.nextFollowUpAt,
  }));
}
