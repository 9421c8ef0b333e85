import type { Types } from 'mongoose';
import { Staff, type StaffDoc } from '../models/staff.js';

/**
 * A tenant's active staff (at most `limit`), e.g. to find a colleague named in a command; with
 * `includeDeparted`, those who left too (a leaver whose clients are handed over).
 */
export async function listActiveStaff(tenantId: Types.ObjectId, limit = 5000, includeDeparted = false): Promise<StaffDoc[]> {
  return Staff.find({ tenantId, ...(includeDeparted ? {} : { active: true }) }).limit(limit);
}
