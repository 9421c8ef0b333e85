import type { Types } from 'mongoose';
import { Activity } from '../../models/activity.js';
import { Customer } from '../../models/customer.js';
import type { StaffSelection, TimeRange } from './owner-filter.js';

export interface StageMove {
  customerId: string;
  code: string;
  name: string;
  ownerId: string;
  authorId: string | null;
  from: string;
  to: string;
  at: Date;
}

/**
 * Stage changes in [start, end) of customers owned by the selection, oldest first.
 * Index: activities {tenantId, type, at}, then customers by _id.
 */
export async function listStageMoves(
  tenantId: Types.ObjectId,
  range: TimeRange,
  owners: StaffSelection,
): Promise<StageMove[]> {
  const moves = await Activity.find(
    { tenantId, type: 'stage_changed', at: { $gte: range.start, $lt: range.end } },
    { customerId: 1, authorId: 1, at: 1, data: 1 },
  )
    .sort({ at: 1 })
    .lean();
  if (moves.length === 0) return [];
  const customerIds = [...new Set(moves.map((m) => String(m.customerId)))];
  const customers = await Customer.find(
    {
      tenantId,
      deletedAt: null,
      _id: { $in: customerIds },
      ...(owners === 'all' ? {} : { ownerId: { $in: owners } }),
    },
    { code: 1, name: 1, ownerId: 1 },
  ).lean();
  const byId = new Map(customers.map((c) => [String(c._id), c]));
  const result: StageMove[] = [];
  for (const m of moves) {
    const customer = byId.get(String(m.customerId));
    const data = (m.data ?? {}) as { from?: unknown; to?: unknown };
    if (!customer || typeof data.to !== 'string') continue;
    result.push({
      customerId: String(customer._id),
      code: customer.code,
      name: customer.name,
      ownerId: String(customer.ownerId),
      authorId: m.authorId ? String(m.authorId) : null,
      from: typeof data.from === 'string' ? data.from : '',
      to: data.to,
      at: m.at,
    });
  }
  return result;
}
