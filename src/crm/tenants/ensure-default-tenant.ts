import { Tenant, type TenantDoc } from '../models/tenant.js';

export const DEFAULT_TENANT_SLUG = 'default';

/** The tenant single-company deployments (and the platform callbacks configured by env) use. */
export async function ensureDefaultTenant(options: { timezone?: string; name?: string } = {}): Promise<TenantDoc> {
  const tenant = await Tenant.findOneAndUpdate(
    { slug: DEFAULT_TENANT_SLUG },
    { $setOnInsert: { slug: DEFAULT_TENANT_SLUG, name: options.name ?? 'ChatCRM', timezone: options.timezone ?? 'Asia/Shanghai' } },
    { upsert: true, new: true },
  );
  return tenant!;
}
