import type { Config } from '../../config.js';
import { createDingTalkApiClient, type DingTalkApiClient } from './dingtalk-api-client.js';

/** The DingTalk app this deployment talks to (env-configured; it maps to the default tenant). */
export interface DingTalkSettings {
  tenantId: string;
  appKey?: string;
  appSecret?: string;
  agentId?: string;
  robotCode?: string;
  token?: string;
  aesKey?: string;
  apiBase: string;
  openApiBase: string;
}

export function dingtalkSettingsFrom(config: Config, tenantId: string): DingTalkSettings {
  return {
    tenantId,
    appKey: config.DINGTALK_APP_KEY,
    appSecret: config.DINGTALK_APP_SECRET,
    agentId: config.DINGTALK_AGENT_ID,
    // An internal app's robot code is its appKey unless the console says otherwise.
    robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_APP_KEY,
    token: config.DINGTALK_TOKEN,
    aesKey: config.DINGTALK_AES_KEY,
    apiBase: config.DINGTALK_API_BASE,
    openApiBase: config.DINGTALK_OPENAPI_BASE,
  };
}

export interface DingTalkRuntime {
  settings: DingTalkSettings;
  /** Null when the app key/secret are not configured (API features then fail permanently). */
  client: DingTalkApiClient | null;
}

export function createDingTalkRuntime(settings: DingTalkSettings): DingTalkRuntime {
  const client =
    settings.appKey && settings.appSecret
      ? createDingTalkApiClient({
          appKey: settings.appKey,
          appSecret: settings.appSecret,
          ...(settings.agentId ? { agentId: settings.agentId } : {}),
          ...(settings.robotCode ? { robotCode: settings.robotCode } : {}),
          apiBase: settings.apiBase,
          openApiBase: settings.openApiBase,
        })
      : null;
  return { settings, client };
}
