import type { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { Unavailable } from '../../errors.js';
import { createWecomApiClient, type WecomApiClient, type WecomApiClientOptions } from './api/wecom-api-client.js';
import type { CallbackCredentials } from './open-callback.js';

/** Token, EncodingAESKey and CorpID of the self-built app's callback (WECOM_TOKEN/WECOM_AES_KEY/WECOM_CORP_ID). */
export function wecomCallbackCredentials(config: Config): CallbackCredentials {
  if (!config.WECOM_CORP_ID || !config.WECOM_TOKEN || !config.WECOM_AES_KEY) {
    throw new Unavailable('WeCom callbacks are not configured: set WECOM_CORP_ID, WECOM_TOKEN and WECOM_AES_KEY');
  }
  return { token: config.WECOM_TOKEN, encodingAesKey: config.WECOM_AES_KEY, receiveId: config.WECOM_CORP_ID };
}

/**
 * A new API client for the app configured by environment (its tokens and tickets live in MongoDB,
 * shared with every instance). Services keep one per instance in their WecomRuntime.
 */
export function wecomApiClient(config: Config, overrides: Partial<WecomApiClientOptions> = {}): WecomApiClient {
  if (!config.WECOM_CORP_ID || !config.WECOM_SECRET) {
    throw new Unavailable('the WeCom API is not configured: set WECOM_CORP_ID and WECOM_SECRET');
  }
  return createWecomApiClient({
    baseUrl: config.WECOM_API_BASE,
    corpId: config.WECOM_CORP_ID,
    secret: config.WECOM_SECRET,
    agentId: config.WECOM_AGENT_ID,
    ...overrides,
  });
}

/** The WeCom app of one service instance: its API client, created on first use and reused. */
export interface WecomRuntime {
  client(): WecomApiClient;
  /**
   * The client of the WeCom app a tenant uses. The app configured by environment belongs to the
   * default tenant; any other tenant has none. The sidebar (OAuth, JS-SDK) also needs its agent id.
   */
  clientForTenant(tenantId: Types.ObjectId, options?: { requireAgent?: boolean }): WecomApiClient;
}

export function createWecomRuntime(config: Config, defaultTenantId: Types.ObjectId): WecomRuntime {
  let client: WecomApiClient | undefined;
  const runtime: WecomRuntime = {
    client: () => (client ??= wecomApiClient(config)),
    clientForTenant(tenantId, options = {}) {
      if ((options.requireAgent ?? true) && (!config.WECOM_CORP_ID || !config.WECOM_SECRET || !config.WECOM_AGENT_ID)) {
        throw new Unavailable('WeCom is not configured: set WECOM_CORP_ID, WECOM_SECRET and WECOM_AGENT_ID');
      }
      if (!tenantId.equals(defaultTenantId)) throw new Unavailable('WeCom is not configured for this tenant');
      return runtime.client();
    },
  };
  return runtime;
}
