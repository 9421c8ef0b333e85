import mongoose, { type Types } from 'mongoose';

const CLOSED = ['closed', 'resolved', 'done', 'cancelled'];

/**
 * Unresolved tickets per customer, read from the `tickets` collection when the tenant's service
 * desk has created one (a ticket: tenantId, customerId, status); an empty map otherwise, so the
 * feature is 0 for everyone rather than a missing dependency.
 */
export async function openTicketsByCustomer(tenantId: Types.ObjectId, customerIds?: Types.ObjectId[]): Promise<Map<string, number>> {
  const db = mongoose.connection.db;
  if (!db) return new Map();
  const exists = (await db.listCollections({ name: 'tickets' }, { nameOnly: true }).toArray()).length > 0;
  if (!exists) return new Map();
  const rows = await db
    .collection('tickets')
    .aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { tenantId, status: { $nin: CLOSED }, ...(customerIds ? { customerId: { $in: customerIds } } : {}) } },
      { $group: { _id: '$customerId', n: { $sum: 1 } } },
    ])
    .toArray();
  return new Map(rows.map((r) => [String(r._id), r.n]));
}
