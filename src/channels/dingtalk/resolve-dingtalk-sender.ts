import { Types } from 'mongoose';
import { systemActor } from '../../crm/actor.js';
import type { StaffDoc } from '../../crm/models/staff.js';
import { findActiveStaffByMobile, listStaffToLinkByMobile } from '../../crm/staff/find-staff-by-mobile.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { upsertStaff } from '../../crm/staff/upsert-staff.js';
import type { DingTalkApiClient } from './dingtalk-api-client.js';

/** How many unlinked staff one unknown sender may cost in mobile look-ups (each is one API call). */
const MAX_MOBILE_LOOKUPS = 50;

async function link(tenantId: Types.ObjectId, staff: StaffDoc, dingtalkUserId: string): Promise<StaffDoc> {
  return upsertStaff(systemActor(tenantId, 'event'), tenantId, { userId: staff.userId, dingtalkUserId });
}

/**
 * DingTalk userId → active Staff, so a command runs under that person's data scope.
 * 1. configured or already linked (`dingtalkUserId`, or a DingTalk-native `userId`);
 * 2. the sender's mobile from `topapi/v2/user/get` matched against staff mobiles;
 * 3. `topapi/v2/user/getbymobile` for staff with a mobile and no DingTalk id yet (when user/get
 *    returns no mobile: that field needs an extra permission). Every match found is stored.
 * Returns null for someone who is not (or no longer) active staff.
 */
export async function resolveDingTalkSender(
  tenantId: Types.ObjectId,
  dingtalkUserId: string,
  client: DingTalkApiClient | null,
): Promise<StaffDoc | null> {
  const known = await findStaffByPlatformUser(tenantId, 'dingtalk', dingtalkUserId);
  if (known) return known.active ? known : null;
  if (!client) return null;

  const user = await client.getUser(dingtalkUserId);
  if (!user) return null;
  if (user.mobile) {
    const byMobile = await findActiveStaffByMobile(tenantId, user.mobile);
    if (byMobile && !byMobile.dingtalkUserId) return link(tenantId, byMobile, dingtalkUserId);
    return null;
  }
  for (const staff of await listStaffToLinkByMobile(tenantId, MAX_MOBILE_LOOKUPS)) {
    const found = await client.getUserIdByMobile(staff.mobile ?? '');
    if (!found) continue;
    const linked = await link(tenantId, staff, found);
    if (found === dingtalkUserId) return linked;
  }
  return null;
}
