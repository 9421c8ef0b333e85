import type { Types } from 'mongoose';
import { Tenant } from '../models/tenant.js';
import type { StoredSettings } from './tenant-settings.js';

/** The contact cycle (days) the settings give customers of `level`, or undefined when none is set. */
export async function contactCycleForLevel(tenantId: Types.ObjectId, level: string | null | undefined): Promise<number | undefined> {
  if (!level) return undefined;
  const tenant = await Tenant.findById(tenantId, { settings: 1 }).lean();
  return (tenant?.settings as StoredSettings | undefined)?.contactCycles?.find((c) => c.level === level)?.days;
}
