import type { Types } from 'mongoose';
import { systemActor } from '../../crm/actor.js';
import type { StaffDoc } from '../../crm/models/staff.js';
import { listStaffToLinkByMobile } from '../../crm/staff/find-staff-by-mobile.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { linkDingTalkStaff } from '../../crm/staff/link-dingtalk-staff.js';
import { upsertStaff } from '../../crm/staff/upsert-staff.js';
import type { DingTalkApiClient } from './dingtalk-api-client.js';

/** How many unlinked staff one unknown sender may cost in mobile look-ups (each is one API call). */
const MAX_MOBILE_LOOKUPS = 50;

/**
 * DingTalk userId → Staff, so a command runs under that person's data scope.
 * 1. configured or already linked (`dingtalkUserId`, or a DingTalk-native `userId`);
 * 2. otherwise the sender from `topapi/v2/user/get`, linked by the rules of
 *    {@link linkDingTalkStaff} (by mobile, to a record not linked yet); nobody is created.
 * Returns null for someone no record matches; the caller checks `active`.
 */
export async function resolveDingTalkSender(
  tenantId: Types.ObjectId,
  dingtalkUserId: string,
  client: DingTalkApiClient | null,
): Promise<StaffDoc | null> {
  const known = await findStaffByPlatformUser(tenantId, 'dingtalk', dingtalkUserId);
  if (known) return known;
  if (!client) return null;

  const user = await client.getUser(dingtalkUserId);
  if (!user) return null;
  if (user.mobile) {
    return linkDingTalkStaff(
      systemActor(tenantId, 'event'),
      tenantId,
      { userId: dingtalkUserId, name: user.name, mobile: user.mobile, deptIds: user.deptIds },
      { reason: 'sender' },
    );
  }
  // 3. user/get returned no mobile (that field needs an extra permission): getbymobile per unlinked staff.
  for (const staff of await listStaffToLinkByMobile(tenantId, MAX_MOBILE_LOOKUPS)) {
    const found = await client.getUserIdByMobile(staff.mobile ?? '');
    if (!found) continue;
    const linked = await upsertStaff(systemActor(tenantId, 'event'), tenantId, { userId: staff.userId, dingtalkUserId: found });
    if (found === dingtalkUserId) return linked;
  }
  return null;
}
