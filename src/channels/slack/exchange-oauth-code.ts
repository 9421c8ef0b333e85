import axios from 'axios';
import { z } from 'zod';
import { SlackConfigError, SlackRateLimited, SlackRequestRejected, SlackUnavailable } from './slack-api-error.js';

export interface SlackOAuthGrant {
  teamId: string;
  teamName?: string;
  enterpriseId?: string;
  botToken: string;
  botUserId?: string;
  appId?: string;
  scope: string;
  installerUserId?: string;
}

const accessResponse = z.looseObject({
  ok: z.literal(true),
  access_token: z.string().regex(/^xoxb-/),
  token_type: z.literal('bot').optional(),
  scope: z.string().max(4000).default(''),
  bot_user_id: z.string().max(64).optional(),
  app_id: z.string().max(64).optional(),
  team: z.looseObject({ id: z.string().min(1).max(64), name: z.string().max(256).optional() }),
  enterprise: z.looseObject({ id: z.string().max(64) }).nullable().optional(),
  authed_user: z.looseObject({ id: z.string().max(64) }).optional(),
});
const errorResponse = z.looseObject({ ok: z.literal(false), error: z.string().max(200) });

/**
 * `oauth.v2.access`: the code Slack handed back to our redirect → the workspace's bot token.
 * Client id and secret go as HTTP Basic credentials (Slack's preferred form); the token is
 * returned to the caller, never logged.
 */
export async function exchangeSlackOAuthCode(input: {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  timeoutMs?: number;
}): Promise<SlackOAuthGrant> {
  let res;
  try {
    res = await axios.post(
      `${input.apiBase.replace(/\/+$/, '')}/oauth.v2.access`,
      new URLSearchParams({ code: input.code, redirect_uri: input.redirectUri }).toString(),
      {
        auth: { username: input.clientId, password: input.clientSecret },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        timeout: input.timeoutMs ?? 5_000,
        validateStatus: () => true,
        proxy: false,
      },
    );
  } catch {
    throw new SlackUnavailable('network');
  }
  if (res.status === 429) throw new SlackRateLimited(30_000);
  if (res.status >= 500) throw new SlackUnavailable(String(res.status));
  const ok = accessResponse.safeParse(res.data);
  if (ok.success) {
    const d = ok.data;
    return {
      teamId: d.team.id,
      ...(d.team.name ? { teamName: d.team.name } : {}),
      ...(d.enterprise?.id ? { enterpriseId: d.enterprise.id } : {}),
      botToken: d.access_token,
      ...(d.bot_user_id ? { botUserId: d.bot_user_id } : {}),
      ...(d.app_id ? { appId: d.app_id } : {}),
      scope: d.scope,
      ...(d.authed_user?.id ? { installerUserId: d.authed_user.id } : {}),
    };
  }
  const failed = errorResponse.safeParse(res.data);
  const code = failed.data?.error ?? `http_${res.status}`;
  if (['invalid_client_id', 'bad_client_secret', 'bad_redirect_uri'].includes(code)) throw new SlackConfigError(code);
  throw new SlackRequestRejected(code);
}
