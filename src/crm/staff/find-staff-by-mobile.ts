import type { Types } from 'mongoose';
import { Staff, type StaffDoc } from '../models/staff.js';
import { normalizePhone } from '../normalize-phone.js';

/**
 * The active staff member with this mobile and no DingTalk user linked yet — the only kind a
 * DingTalk user may be linked to by mobile ("+86 138-0013-8000" = "13800138000"). upsertStaff
 * stores mobiles normalized, so this is one equality on the normalized number; a row written
 * before that rule (still in its typed form) matches once it is upserted again.
 */
export async function findStaffToLinkByMobile(tenantId: Types.ObjectId, mobile: string): Promise<StaffDoc | null> {
  const wanted = normalizePhone(mobile);
  if (wanted.length < 5) return null;
  return Staff.findOne({ tenantId, active: true, dingtalkUserId: null, mobile: wanted });
}

/** Active staff with a mobile but no DingTalk id yet: the ones a mobile lookup can link. */
export async function listStaffToLinkByMobile(tenantId: Types.ObjectId, limit: number): Promise<StaffDoc[]> {
  return Staff.find({ tenantId, active: true, mobile: { $nin: [null, ''] }, dingtalkUserId: null }).sort({ _id: 1 }).limit(limit);
}
