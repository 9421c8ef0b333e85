import type { Config } from '../config.js';
import type { DigestChannel } from '../crm/digests/digest-subscription.js';

/** Where digests and reminders go by default: the platform this deployment is connected to. */
export function defaultDigestChannel(
  config: Pick<Config, 'WECOM_CORP_ID' | 'DINGTALK_APP_KEY'> & Partial<Pick<Config, 'FEISHU_APP_ID' | 'SLACK_BOT_TOKEN' | 'SLACK_CLIENT_ID'>>,
): DigestChannel {
  if (config.WECOM_CORP_ID) return 'wecom';
  if (config.DINGTALK_APP_KEY) return 'dingtalk';
  if (config.FEISHU_APP_ID) return 'feishu';
  if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) return 'slack';
  return 'wecom';
}

/** The manager dashboard page (served with the sidebar build). */
export function dashboardUrl(config: Pick<Config, 'PUBLIC_BASE_URL'>): string {
  return `${config.PUBLIC_BASE_URL}/sidebar/dashboard.html`;
}
