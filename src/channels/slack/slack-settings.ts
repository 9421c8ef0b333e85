import type { Config } from '../../config.js';
import { createSlackApiClient, type SlackApiClient } from './slack-api-client.js';

/** The Slack app this deployment talks to (env-configured; it maps to the default tenant). */
export interface SlackSettings {
  tenantId: string;
  signingSecret?: string;
  botToken?: string;
  apiBase: string;
}

export function slackSettingsFrom(config: Config, tenantId: string): SlackSettings {
  return { tenantId, signingSecret: config.SLACK_SIGNING_SECRET, botToken: config.SLACK_BOT_TOKEN, apiBase: config.SLACK_API_BASE };
}

export interface SlackRuntime {
  settings: SlackSettings;
  client: SlackApiClient;
}

export function createSlackRuntime(settings: SlackSettings): SlackRuntime {
  return { settings, client: createSlackApiClient({ apiBase: settings.apiBase, ...(settings.botToken ? { botToken: settings.botToken } : {}) }) };
}
