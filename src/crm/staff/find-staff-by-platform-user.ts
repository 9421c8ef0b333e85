import type { Types } from 'mongoose';
import type { Platform } from '../../messaging/platform.js';
import { Staff, type StaffDoc } from '../models/staff.js';

/**
 * The staff member behind a platform user id. `Staff.userId` holds the primary platform's id
 * (WeCom, or DingTalk for DingTalk-only teams); a DingTalk id linked to a WeCom-first record lives
 * in `dingtalkUserId`. A `userId` that happens to equal a DingTalk id only counts when the record
 * is not linked to another DingTalk user.
 */
export async function findStaffByPlatformUser(
  tenantId: Types.ObjectId,
  platform: Platform,
  platformUserId: string,
): Promise<StaffDoc | null> {
  if (!platformUserId) return null;
  if (platform === 'dingtalk') {
    const linked = await Staff.findOne({ tenantId, dingtalkUserId: platformUserId });
    if (linked) return linked;
    return Staff.findOne({ tenantId, userId: platformUserId, dingtalkUserId: null });
  }
  // Feishu open_ids and Slack user ids are never anyone's primary userId: only the linked field counts.
  if (platform === 'feishu') return Staff.findOne({ tenantId, feishuOpenId: platformUserId });
  if (platform === 'slack') return Staff.findOne({ tenantId, slackUserId: platformUserId });
  return Staff.findOne({ tenantId, userId: platformUserId });
}
