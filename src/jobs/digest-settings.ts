import type { Config } from '../config.js';
import type { DigestChannel } from '../crm/digests/digest-subscription.js';

/** Where digests and reminders go by default: the platform this deployment is connected to. */
export function defaultDigestChannel(config: Pick<Config, 'WECOM_CORP_ID' | 'DINGTALK_APP_KEY'>): DigestChannel {
  if (config.WECOM_CORP_ID) return 'wecom';
  if (config.DINGTALK_APP_KEY) return 'dingtalk';
  return 'wecom';
}

/** The manager dashboard page (served with the sidebar build). */
export function dashboardUrl(config: Pick<Config, 'PUBLIC_BASE_URL'>): string {
  return `${config.PUBLIC_BASE_URL}/sidebar/dashboard.html`;
}
