import type { Platform } from '../../messaging/platform.js';

/**
 * The id a staff member has on a platform, for messages addressed to them. `Staff.userId` is the
 * primary platform's id; a WeCom-first record linked to DingTalk carries its DingTalk id in
 * `dingtalkUserId`; Feishu and Slack ids live in `feishuOpenId` / `slackUserId`.
 */
export function platformUserIdOf(
  staff: { userId: string; dingtalkUserId?: string | null; feishuOpenId?: string | null; slackUserId?: string | null },
  platform: Platform,
): string {
  if (platform === 'dingtalk') return staff.dingtalkUserId ?? staff.userId;
  if (platform === 'feishu') return staff.feishuOpenId ?? staff.userId;
  if (platform === 'slack') return staff.slackUserId ?? staff.userId;
  return staff.userId;
}
