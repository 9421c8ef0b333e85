import { Types } from 'mongoose';
import { z } from 'zod';
import type { AppDeps } from '../../../app/app-module.js';
import { NotFound, Unauthenticated } from '../../../errors.js';
import type { AppRouter } from '../../../http/app-context.js';
import { actorOf } from '../../../http/actor-of.js';
import { authenticate } from '../../../http/auth/authenticate.js';
import { requirePermission } from '../../../http/auth/require-permission.js';
import { readQuery } from '../../../http/read-body.js';
import { exchangeSlackOAuthCode } from '../exchange-oauth-code.js';
import { createOAuthState, readOAuthState } from '../oauth-state.js';
import type { SlackRuntime } from '../slack-settings.js';

/** What the bot needs: slash commands, posting and updating, mentions and DMs, users' emails for staff mapping. */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'app_mentions:read', 'im:history', 'users:read', 'users:read.email'] as const;

const callbackQuery = z
  .object({
    code: z.string().min(1).max(512).optional(),
    state: z.string().min(1).max(300),
    error: z.string().max(200).optional(),
  })
  .loose();

function page(title: string, text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>${esc(title)}</title><body style="font-family:sans-serif;margin:3em"><h1>${esc(title)}</h1><p>${esc(text)}</p></body>`;
}

/**
 * OAuth v2 install (only when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set):
 * - `GET /api/slack/install-url` (admins): the "Add to Slack" address, with a state naming the
 *   tenant, signed with the client secret and valid 10 minutes;
 * - `GET /callbacks/slack/oauth` (Slack's redirect): the state is checked (forged or expired → 401,
 *   nothing stored), the code exchanged with `oauth.v2.access`, and the workspace's bot token
 *   stored sealed, keyed by team id; messages to that workspace are then sent with it.
 */
export function mountSlackOAuthRoutes(router: AppRouter, deps: AppDeps, runtime: () => SlackRuntime): void {
  const oauthOr404 = () => {
    const { clientId, clientSecret } = runtime().settings;
    if (!clientId || !clientSecret) throw new NotFound('Slack OAuth');
    return { clientId, clientSecret };
  };
  const redirectUri = () => `${runtime().settings.publicBaseUrl}/callbacks/slack/oauth`;
  const authorizeBase = () => `${runtime().settings.apiBase.replace(/\/+$/, '').replace(/\/api$/, '')}/oauth/v2/authorize`;

  router.get('/api/slack/install-url', authenticate(deps), requirePermission('settings', 'admin'), async (ctx) => {
    const { clientId, clientSecret } = oauthOr404();
    const state = createOAuthState(clientSecret, actorOf(ctx).tenantId.toHexString());
    const url = new URL(authorizeBase());
    url.search = new URLSearchParams({ client_id: clientId, scope: SLACK_BOT_SCOPES.join(','), redirect_uri: redirectUri(), state }).toString();
    ctx.body = { url: url.toString(), expiresInSeconds: 600 };
  });

  router.get('/callbacks/slack/oauth', deps.callbackRateLimit, async (ctx) => {
    const { clientId, clientSecret } = oauthOr404();
    const query = readQuery(ctx, callbackQuery);
    const state = readOAuthState(clientSecret, query.state);
    if (!state || !Types.ObjectId.isValid(state.tenantId)) {
      ctx.state.log.warn('Slack OAuth callback with a forged or expired state');
      throw new Unauthenticated('state: forged or expired; start the install again');
    }
    if (query.error || !query.code) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page('Slack install cancelled', `Slack said: ${query.error ?? 'no code'}. Nothing was installed.`);
      return;
    }
    const grant = await exchangeSlackOAuthCode({ apiBase: runtime().settings.apiBase, clientId, clientSecret, code: query.code, redirectUri: redirectUri() });
    await runtime().installations.save(new Types.ObjectId(state.tenantId), grant);
    ctx.state.log.info({ teamId: grant.teamId, scope: grant.scope }, 'Slack workspace installed');
    ctx.type = 'html';
    ctx.body = page('ChatCRM is installed', `Workspace ${grant.teamName ?? grant.teamId}: type /crm help in any channel.`);
  });
}
