import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { getTenant } from '../tenants/get-tenant.js';
import { settingsOf, type TenantSettings } from './tenant-settings.js';
import { countCustomersByStage, type TenantSettingsView } from './tenant-settings-view.js';
import { assertCan } from '../permissions/access-of.js';

/** A tenant's settings, defaults applied; for the services that follow them (numbering, digests, new customers). */
export async function loadTenantSettings(tenantId: Types.ObjectId): Promise<TenantSettings> {
  return settingsOf((await getTenant(tenantId)).toObject());
}

export function assertMayManageSettings(actor: Actor): void {
  assertCan(actor, 'settings', 'admin', 'settings are managed by tenant admins');
}

/** GET /api/admin/settings. */
export async function getTenantSettings(actor: Actor): Promise<TenantSettingsView> {
  assertMayManageSettings(actor);
  const [settings, stageUsage] = await Promise.all([loadTenantSettings(actor.tenantId), countCustomersByStage(actor.tenantId)]);
  return { ...settings, stageUsage };
}
