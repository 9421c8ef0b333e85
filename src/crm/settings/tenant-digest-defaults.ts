import type { Types } from 'mongoose';
import type { DigestKind, DigestSchedule } from '../digests/digest-schedule.js';
import { Tenant } from '../models/tenant.js';
import { digestDefaultsOf, type StoredSettings } from './tenant-settings.js';

/** The tenant's digest default schedules (settings), for recipients who have not chosen their own. */
export async function tenantDigestDefaults(tenantId: Types.ObjectId): Promise<Record<DigestKind, DigestSchedule>> {
  const tenant = await Tenant.findById(tenantId, { settings: 1 }).lean();
  return digestDefaultsOf((tenant?.settings ?? {}) as StoredSettings);
}
