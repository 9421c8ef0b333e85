import { Tenant } from '../models/tenant.js';
import { digestTenantOf, type DigestTenant } from './digest-tenant.js';

/** Every tenant with the zone and stages the scheduled jobs work in (defaults applied). */
export async function listDigestTenants(): Promise<DigestTenant[]> {
  return (await Tenant.find({}, { timezone: 1, stages: 1, settings: 1 }).lean()).map(digestTenantOf);
}
