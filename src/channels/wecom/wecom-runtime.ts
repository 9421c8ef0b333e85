import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { loadTenantPlatformSettings, type TenantRef } from '../../crm/tenants/load-tenant-platform-settings.js';
import type { WecomSettings } from '../../crm/tenants/tenant-platform-settings.js';
import { NotFound, Unavailable } from '../../errors.js';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringOfConfig } from '../shared/keyring-of-config.js';
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
  /**
   * Like clientForTenant, and also for a tenant whose WeCom app is stored in MongoDB (npm run
   * tenant:add): a client with that tenant's corp secret, kept per tenant (tokens are cached per corp).
   */
  clientForTenantAsync(tenantId: Types.ObjectId, options?: { requireAgent?: boolean }): Promise<WecomApiClient>;
  /** The callback Token/EncodingAESKey/CorpID stored for the tenant with this slug; NotFound when it has none. */
  callbackForSlug(slug: string): Promise<{ tenantId: Types.ObjectId; credentials: CallbackCredentials }>;
}

export function createWecomRuntime(config: Config, defaultTenantId: Types.ObjectId): WecomRuntime {
  let client: WecomApiClient | undefined;
  // Resolved on first use: a service with no stored tenant never needs a key.
  let keyring: Keyring | undefined;
  const keys = () => (keyring ??= keyringOfConfig(config));
  /** One client per tenant, replaced when the tenant's stored app changes (its fingerprint differs). */
  const tenantClients = new Map<string, { fingerprint: string; client: WecomApiClient }>();
  const storedSettings = (ref: TenantRef) => loadTenantPlatformSettings(ref, 'wecom', keys());
  const envConfigured = () => Boolean(config.WECOM_CORP_ID && config.WECOM_SECRET);

  function clientFor(tenantId: Types.ObjectId, settings: WecomSettings): WecomApiClient {
    const fingerprint = createHash('sha256').update(JSON.stringify([settings.corpId, settings.secret, settings.agentId, settings.apiBase])).digest('hex');
    const known = tenantClients.get(String(tenantId));
    if (known?.fingerprint === fingerprint) return known.client;
    const created = createWecomApiClient({
      baseUrl: settings.apiBase ?? config.WECOM_API_BASE,
      corpId: settings.corpId,
      secret: settings.secret,
      agentId: settings.agentId,
    });
    tenantClients.set(String(tenantId), { fingerprint, client: created });
    return created;
  }

  const runtime: WecomRuntime = {
    client: () => (client ??= wecomApiClient(config)),
    clientForTenant(tenantId, options = {}) {
      if ((options.requireAgent ?? true) && (!config.WECOM_CORP_ID || !config.WECOM_SECRET || !config.WECOM_AGENT_ID)) {
        throw new Unavailable('WeCom is not configured: set WECOM_CORP_ID, WECOM_SECRET and WECOM_AGENT_ID');
      }
      if (!tenantId.equals(defaultTenantId)) throw new Unavailable('WeCom is not configured for this tenant');
      return runtime.client();
    },
    async clientForTenantAsync(tenantId, options = {}) {
      // The env-configured app stays the default tenant's, as before.
      if (tenantId.equals(defaultTenantId) && envConfigured()) return runtime.clientForTenant(tenantId, options);
      const stored = await storedSettings({ _id: tenantId });
      if (!stored) return runtime.clientForTenant(tenantId, options);
      if ((options.requireAgent ?? true) && !stored.settings.agentId) throw new Unavailable('WeCom is not configured for this tenant: its agentId is missing');
      return clientFor(tenantId, stored.settings);
    },
    async callbackForSlug(slug) {
      const stored = await storedSettings({ slug });
      const { token, aesKey, corpId } = stored?.settings ?? {};
      if (!stored || !token || !aesKey || !corpId) throw new NotFound('WeCom callback');
      return { tenantId: stored.tenantId, credentials: { token, encodingAesKey: aesKey, receiveId: corpId } };
    },
  };
  return runtime;
}
