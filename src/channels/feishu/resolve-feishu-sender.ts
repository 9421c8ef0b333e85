import type { Types } from 'mongoose';
import { systemActor } from '../../crm/actor.js';
import type { StaffDoc } from '../../crm/models/staff.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { linkPlatformStaff } from '../../crm/staff/link-platform-staff.js';
import type { FeishuApiClient } from './feishu-api-client.js';

/**
 * Feishu open_id → Staff, so a command runs under that person's data scope:
 * 1. the record whose `feishuOpenId` is this open_id (set by an admin, or linked before);
 * 2. otherwise the contact API's email / mobile for the open_id, linked to an active record not yet
 *    linked to Feishu (linkPlatformStaff); nobody is created.
 */
export async function resolveFeishuSender(tenantId: Types.ObjectId, openId: string, client: FeishuApiClient | null): Promise<StaffDoc | null> {
  const known = await findStaffByPlatformUser(tenantId, 'feishu', openId);
  if (known) return known;
  if (!client) return null;
  const user = await client.getUser(openId);
  if (!user) return null;
  return linkPlatformStaff(systemActor(tenantId, 'event'), tenantId, 'feishu', {
    id: openId,
    ...(user.email ? { email: user.email } : {}),
    ...(user.mobile ? { mobile: user.mobile } : {}),
  });
}
