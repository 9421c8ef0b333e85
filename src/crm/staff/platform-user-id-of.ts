import type { Platform } from '../../messaging/platform.js';

/**
 * The id a staff member has on a platform, for messages addressed to them. `Staff.userId` is the
 * primary platform's id; a WeCom-first record linked to DingTalk carries its DingTalk id in
 * `dingtalkUserId`.
 */
export function platformUserIdOf(staff: { userId: string; dingtalkUserId?: string | null }, platform: Platform): string {
  if (platform === 'dingtalk') return staff.dingtalkUserId ?? staff.userId;
  return staff.userId;
}
