import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { staffNamesById } from '../staff/staff-names-by-id.js';

/** Names of the customers and staff one batch of exported records refers to (two queries per batch). */
export async function exportLookups(
  tenantId: Types.ObjectId,
  batch: readonly { customerId: Types.ObjectId; ownerId?: Types.ObjectId | null; authorId?: Types.ObjectId | null }[],
): Promise<{ customers: Map<string, { code: string; name: string }>; staff: Map<string, string> }> {
  const customerIds = [...new Set(batch.map((r) => String(r.customerId)))];
  const staffIds = new Set(batch.flatMap((r) => [r.ownerId, r.authorId].filter((id): id is Types.ObjectId => Boolean(id)).map(String)));
  const [customers, staff] = await Promise.all([
    Customer.find({ tenantId, _id: { $in: customerIds } }, { code: 1, name: 1 }).lean(),
    staffNamesById(tenantId, staffIds),
  ]);
  return { customers: new Map(customers.map((c) => [String(c._id), { code: c.code, name: c.name }])), staff };
}
