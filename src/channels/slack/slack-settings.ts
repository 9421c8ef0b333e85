import type { Config } from '../../config.js';
import { createSlackApiClient, type SlackApiClient } from './slack-api-client.js';
import { createSlackInstallations, type SlackInstallations } from './slack-installations.js';

/** The Slack app this deployment talks to (env-configured; it maps to the default tenant). */
export interface SlackSettings {
  tenantId: string;
  signingSecret?: string;
  /** Single-workspace setup without OAuth (and the fallback when a workspace has no installation). */
  botToken?: string;
  /** OAuth v2 install (`GET /callbacks/slack/oauth`); both or neither. */
  clientId?: string;
  clientSecret?: string;
  apiBase: string;
  /** `PUBLIC_BASE_URL`: the OAuth redirect is `<publicBaseUrl>/callbacks/slack/oauth`. */
  publicBaseUrl: string;
}

export function slackSettingsFrom(config: Config, tenantId: string): SlackSettings {
  return {
    tenantId,
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    apiBase: config.SLACK_API_BASE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
}

export interface SlackRuntime {
  settings: SlackSettings;
  /** The SLACK_BOT_TOKEN client (no token: only response_url replies work). */
  client: SlackApiClient;
  installations: SlackInstallations;
  /** The client for a workspace: its OAuth installation's bot token, else SLACK_BOT_TOKEN. */
  clientFor(tenantId: string, teamId?: string): Promise<SlackApiClient>;
}

export function createSlackRuntime(settings: SlackSettings, installations: SlackInstallations = createSlackInstallations()): SlackRuntime {
  const client = createSlackApiClient({ apiBase: settings.apiBase, ...(settings.botToken ? { botToken: settings.botToken } : {}) });
  const byToken = new Map<string, SlackApiClient>();
  const oauth = Boolean(settings.clientId && settings.clientSecret);
  return {
    settings,
    client,
    installations,
    async clientFor(tenantId, teamId) {
      if (!oauth) return client;
      const token = await installations.botTokenFor(tenantId, teamId);
      if (!token || token === settings.botToken) return client;
      let found = byToken.get(token);
      if (!found) {
        if (byToken.size > 1_000) byToken.clear();
        found = createSlackApiClient({ apiBase: settings.apiBase, botToken: token });
        byToken.set(token, found);
      }
      return found;
    },
  };
}
