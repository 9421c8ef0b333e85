import type { Types } from 'mongoose';
import { Staff, type StaffDoc } from '../models/staff.js';

/** A tenant's active staff (at most `limit`), e.g. to find a colleague named in a command. */
export async function listActiveStaff(tenantId: Types.ObjectId, limit = 5000): Promise<StaffDoc[]> {
  return Staff.find({ tenantId, active: true }).limit(limit);
}
