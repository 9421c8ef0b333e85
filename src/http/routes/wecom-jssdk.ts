import { randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import { z } from 'zod';
import type { WecomApiClient } from '../../channels/wecom/api/wecom-api-client.js';
import { jssdkSignature } from '../../channels/wecom/jssdk-signature.js';
import { wecomApiClient } from '../../channels/wecom/wecom-runtime.js';
import { InvalidInput, Unavailable } from '../../crm/errors.js';
import { actorOf } from '../actor-of.js';
import type { AppDeps, AppModule } from '../app-types.js';
import { authenticate } from '../auth/authenticate.js';
import { readQuery } from '../read-body.js';

/**
 * The WeCom app configured by environment, which belongs to the default tenant (its access token
 * and tickets live in MongoDB, shared with every instance).
 */
export function wecomClientForTenant(deps: AppDeps, tenantId: Types.ObjectId): WecomApiClient {
  const { config } = deps;
  if (!config.WECOM_CORP_ID || !config.WECOM_SECRET || !config.WECOM_AGENT_ID) {
    throw new Unavailable('WeCom is not configured: set WECOM_CORP_ID, WECOM_SECRET and WECOM_AGENT_ID');
  }
  if (!tenantId.equals(deps.defaultTenantId)) throw new Unavailable('WeCom is not configured for this tenant');
  return wecomApiClient(config);
}

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
export function createWecomJssdkModule(options: WecomJssdkOptions = {}): AppModule {
  const now = options.now ?? Date.now;
  const nonce = options.nonce ?? randomNonce;
  return {
    name: 'wecom-jssdk',
    routes(router, deps) {
      router.get('/api/wecom/jssdk-config', authenticate(deps), async (ctx) => {
        const { url: raw } = readQuery(ctx, querySchema);
        const url = pageUrl(raw, deps.config.PUBLIC_BASE_URL);
        const client = wecomClientForTenant(deps, actorOf(ctx).tenantId);
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
    },
  };
}

export const wecomJssdkModule = createWecomJssdkModule();
