import { Types } from 'mongoose';
import { InvalidInput } from '../../errors.js';
import { Staff, type StaffDoc } from '../models/staff.js';

/** Resolves staff ids given in input; unknown or inactive ids are an input error. */
export async function requireActiveStaff(tenantId: Types.ObjectId, ids: string[]): Promise<StaffDoc[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await Staff.find({ tenantId, _id: { $in: unique.map((id) => new Types.ObjectId(id)) }, active: true });
  if (found.length !== unique.length) throw new InvalidInput('unknown or inactive staff member');
  return found;
}

export async function findStaffByUserId(tenantId: Types.ObjectId, userId: string): Promise<StaffDoc | null> {
  return Staff.findOne({ tenantId, userId });
}
