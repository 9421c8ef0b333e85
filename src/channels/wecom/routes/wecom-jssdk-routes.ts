import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { jssdkSignature } from '../jssdk-signature.js';
import type { WecomRuntime } from '../wecom-runtime.js';
import { InvalidInput } from '../../../errors.js';
import { actorOf } from '../../../http/actor-of.js';
import type { AppDeps } from '../../../app/app-module.js';
import type { AppRouter } from '../../../http/app-context.js';
import { authenticate } from '../../../http/auth/authenticate.js';
import { requirePermission } from '../../../http/auth/require-permission.js';
import { readQuery } from '../../../http/read-body.js';

const querySchema = z.object({ url: z.string().min(1).max(2048) }).strict();

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomNonce(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return s;
}

/** Only pages of this service are signed: the endpoint is no signing oracle for other sites. */
function pageUrl(raw: string, publicBaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInput('url must be an absolute URL', { field: 'url' });
  }
  if (url.origin !== new URL(publicBaseUrl).origin) {
    throw new InvalidInput(`url must be a page of ${new URL(publicBaseUrl).origin} (PUBLIC_BASE_URL)`, { field: 'url' });
  }
  // Signed as the client computes it: the exact string, minus the fragment.
  return raw.split('#', 1)[0] ?? raw;
}

export interface WecomJssdkOptions {
  now?: () => number;
  nonce?: () => string;
}

/**
 * GET /api/wecom/jssdk-config?url= — signatures for `wx.config` (corp jsapi_ticket) and
 * `wx.agentConfig` (app ticket) for one page URL. The tickets stay on the server.
 */
export function wecomJssdkRoutes(router: AppRouter, deps: AppDeps, runtime: WecomRuntime, options: WecomJssdkOptions = {}): void {
  const now = options.now ?? Date.now;
  const nonce = options.nonce ?? randomNonce;
  router.get('/api/wecom/jssdk-config', authenticate(deps), requirePermission('contacts', 'view'), async (ctx) => {
    const { url: raw } = readQuery(ctx, querySchema);
    const url = pageUrl(raw, deps.config.PUBLIC_BASE_URL);
    const client = await runtime.clientForTenantAsync(actorOf(ctx).tenantId);
    const [corpTicket, agentTicket] = await Promise.all([client.getJsapiTicket(), client.getAgentConfigTicket()]);
    const sign = (ticket: string) => {
      const signed = { timestamp: Math.floor(now() / 1000), nonceStr: nonce() };
      return { ...signed, signature: jssdkSignature({ ticket, url, ...signed }) };
    };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      corpId: client.corpId,
      agentId: client.agentId,
      config: sign(corpTicket),
      agentConfig: sign(agentTicket),
    };
  });
}
