import type { Types } from 'mongoose';
import { Customer } from '../../models/customer.js';
import { inSelection, type StaffSelection, type TimeRange } from './owner-filter.js';

export interface NewCustomerCount {
  ownerId: string;
  source: string | null;
  count: number;
}

/** Customers created in [start, end), per current owner and source. Index: customers {tenantId, createdAt} (owners filtered after the range scan). */
export async function countNewCustomers(
  tenantId: Types.ObjectId,
  range: TimeRange,
  owners: StaffSelection,
): Promise<NewCustomerCount[]> {
  const rows = await Customer.aggregate<{ _id: { ownerId: Types.ObjectId; source: string | null }; count: number }>([
    {
      $match: {
        tenantId,
        deletedAt: null,
        createdAt: { $gte: range.start, $lt: range.end },
        ...inSelection('ownerId', owners),
      },
    },
    { $group: { _id: { ownerId: '$ownerId', source: { $ifNull: ['$source', null] } }, count: { $sum: 1 } } },
  ]);
  return rows.map((r) => ({ ownerId: String(r._id.ownerId), source: r._id.source || null, count: r.count }));
}
