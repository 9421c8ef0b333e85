import type { Types } from 'mongoose';
import { Staff } from '../models/staff.js';

/** The names of the given staff of one tenant, keyed by id string (ids of other tenants are not found). */
export async function staffNamesById(tenantId: Types.ObjectId, staffIds: Iterable<Types.ObjectId | string>): Promise<Map<string, string>> {
  const rows = await Staff.find({ tenantId, _id: { $in: [...staffIds] } }, { name: 1 }).lean();
  return new Map(rows.map((s) => [String(s._id), s.name]));
}
