import type { Config } from '../../config.js';
import { createFeishuApiClient, type FeishuApiClient } from './feishu-api-client.js';

/** The Feishu/Lark app this deployment talks to (env-configured; it maps to the default tenant). */
export interface FeishuSettings {
  tenantId: string;
  appId?: string;
  appSecret?: string;
  verificationToken?: string;
  encryptKey?: string;
  apiBase: string;
}

export function feishuSettingsFrom(config: Config, tenantId: string): FeishuSettings {
  return {
    tenantId,
    appId: config.FEISHU_APP_ID,
    appSecret: config.FEISHU_APP_SECRET,
    verificationToken: config.FEISHU_VERIFICATION_TOKEN,
    encryptKey: config.FEISHU_ENCRYPT_KEY,
    apiBase: config.FEISHU_API_BASE,
  };
}

export interface FeishuRuntime {
  settings: FeishuSettings;
  /** Null when the app id/secret are not configured (sends then fail permanently). */
  client: FeishuApiClient | null;
}

export function createFeishuRuntime(settings: FeishuSettings): FeishuRuntime {
  const client =
    settings.appId && settings.appSecret
      ? createFeishuApiClient({ appId: settings.appId, appSecret: settings.appSecret, apiBase: settings.apiBase })
      : null;
  return { settings, client };
}
