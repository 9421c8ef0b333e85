import type { Types } from 'mongoose';
import { Customer } from '../../models/customer.js';
import { inSelection, type StaffSelection } from './owner-filter.js';

const DAY_MS = 86_400_000;

export interface SilentCustomer {
  customerId: string;
  code: string;
  name: string;
  ownerId: string;
  contactCycleDays: number;
  /** The last contact, or the creation when there never was one. */
  lastContactAt: Date;
  /** When the cycle ran out. */
  dueAt: Date;
}

/**
 * Open customers with a contact cycle whose last contact (or creation) is older than the cycle
 * at `asOf`, longest silent first. Index: customers {tenantId, ownerId, nextFollowUpAt} (prefix).
 */
export async function listSilentCustomers(
  tenantId: Types.ObjectId,
  asOf: Date,
  owners: StaffSelection,
  closedStages: string[],
): Promise<SilentCustomer[]> {
  const rows = await Customer.aggregate<{
    _id: Types.ObjectId;
    code: string;
    name: string;
    ownerId: Types.ObjectId;
    contactCycleDays: number;
    since: Date;
    dueAt: Date;
  }>([
    {
      $match: {
        tenantId,
        deletedAt: null,
        ...inSelection('ownerId', owners),
        contactCycleDays: { $gt: 0 },
        stage: { $nin: closedStages },
      },
    },
    { $project: { code: 1, name: 1, ownerId: 1, contactCycleDays: 1, since: { $ifNull: ['$lastContactAt', '$createdAt'] } } },
    { $addFields: { dueAt: { $add: ['$since', { $multiply: ['$contactCycleDays', DAY_MS] }] } } },
    { $match: { dueAt: { $lte: asOf } } },
    { $sort: { dueAt: 1, _id: 1 } },
  ]);
  return rows.map((r) => ({
    customerId: String(r._id),
    code: r.code,
    name: r.name,
    ownerId: String(r.ownerId),
    contactCycleDays: r.contactCycleDays,
    lastContactAt: r.since,
    dueAt: r.dueAt,
  }));
}
