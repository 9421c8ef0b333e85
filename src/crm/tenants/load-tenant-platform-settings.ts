import type { Types } from 'mongoose';
import type { Keyring } from '../../secrets/keyring.js';
import { Tenant } from '../models/tenant.js';
import { openPlatformSettings, type DingtalkSettings, type SealedPlatform, type WecomSettings } from './tenant-platform-settings.js';

export type TenantRef = { slug: string } | { _id: Types.ObjectId };

export interface TenantPlatformSettings<S> {
  tenantId: Types.ObjectId;
  slug: string;
  settings: S;
}

type SettingsOf<P extends SealedPlatform> = P extends 'wecom' ? WecomSettings : DingtalkSettings;

/**
 * One tenant's settings for a platform with the secrets opened, or null when there is no such
 * tenant or it has no settings for that platform. Throws SecretRefused when a secret does not open
 * (a key missing from the keyring): that is a deployment error, not "not configured".
 */
export async function loadTenantPlatformSettings<P extends SealedPlatform>(
  ref: TenantRef,
  platform: P,
  keyring: Keyring,
): Promise<TenantPlatformSettings<SettingsOf<P>> | null> {
  const tenant = await Tenant.findOne(ref, { slug: 1, [platform]: 1 }).lean();
  const stored = tenant?.[platform] as SettingsOf<P> | null | undefined;
  if (!tenant || !stored) return null;
  return { tenantId: tenant._id, slug: tenant.slug, settings: openPlatformSettings(tenant._id, platform, stored, keyring) };
}
