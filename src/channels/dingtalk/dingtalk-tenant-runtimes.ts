import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { loadTenantPlatformSettings, type TenantRef } from '../../crm/tenants/load-tenant-platform-settings.js';
import { NotFound } from '../../errors.js';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringOfConfig } from '../shared/keyring-of-config.js';
import { createDingTalkRuntime, dingtalkSettingsFrom, type DingTalkRuntime } from './dingtalk-settings.js';

/**
 * The DingTalk app of each company: the env-configured one for the default tenant, the one stored
 * with `npm run tenant:add` (secrets opened with SECRETS_KEY) for any other. A runtime is kept per
 * tenant and replaced when its stored app changes.
 */
export interface DingTalkRuntimes {
  /** The default tenant's (env-configured) runtime. */
  readonly defaults: DingTalkRuntime;
  /** A tenant's runtime; one without a stored app gets a runtime with no client and no callback keys. */
  forTenant(tenantId: string): Promise<DingTalkRuntime>;
  /** The runtime of the company whose callbacks arrive at /callbacks/dingtalk/<slug>; NotFound without stored callback keys. */
  forSlug(slug: string): Promise<DingTalkRuntime>;
}

export function createDingTalkRuntimes(config: Config, defaultTenantId: Types.ObjectId): DingTalkRuntimes {
  const defaults = createDingTalkRuntime(dingtalkSettingsFrom(config, defaultTenantId.toHexString()));
  let keyring: Keyring | undefined;
  const keys = () => (keyring ??= keyringOfConfig(config));
  const known = new Map<string, { fingerprint: string; runtime: DingTalkRuntime }>();

  async function stored(ref: TenantRef): Promise<DingTalkRuntime | null> {
    const found = await loadTenantPlatformSettings(ref, 'dingtalk', keys());
    if (!found) return null;
    const id = String(found.tenantId);
    const fingerprint = createHash('sha256').update(JSON.stringify(found.settings)).digest('hex');
    const cached = known.get(id);
    if (cached?.fingerprint === fingerprint) return cached.runtime;
    const runtime = createDingTalkRuntime({
      tenantId: id,
      appKey: found.settings.appKey,
      appSecret: found.settings.appSecret,
      agentId: found.settings.agentId,
      robotCode: found.settings.robotCode ?? found.settings.appKey,
      token: found.settings.token,
      aesKey: found.settings.aesKey,
      apiBase: config.DINGTALK_API_BASE,
      openApiBase: config.DINGTALK_OPENAPI_BASE,
    });
    known.set(id, { fingerprint, runtime });
    return runtime;
  }

  return {
    defaults,
    async forTenant(tenantId) {
      if (tenantId === defaults.settings.tenantId) return defaults;
      const found = Types.ObjectId.isValid(tenantId) ? await stored({ _id: new Types.ObjectId(tenantId) }) : null;
      return found ?? createDingTalkRuntime({ tenantId, apiBase: config.DINGTALK_API_BASE, openApiBase: config.DINGTALK_OPENAPI_BASE });
    },
    async forSlug(slug) {
      const runtime = await stored({ slug });
      if (!runtime) throw new NotFound('DingTalk callback');
      return runtime;
    },
  };
}
