import type { Types } from 'mongoose';
import { Staff } from '../models/staff.js';
import type { RecipientStaff } from './digest-team.js';

/** A tenant's staff, active or not (a digest names departed reps too), as digests read them. */
export async function listRecipientStaff(tenantId: Types.ObjectId): Promise<RecipientStaff[]> {
  return Staff.find({ tenantId }).lean<RecipientStaff[]>();
}
