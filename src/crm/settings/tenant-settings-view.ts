import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import type { TenantSettings } from './tenant-settings.js';

/** The settings page's view: the settings plus how many customers sit in each stage (a used stage cannot be removed). */
export type TenantSettingsView = TenantSettings & { stageUsage: Record<string, number> };

/** Customers per stage key, deleted ones included: a restored customer must still find its stage. */
export async function countCustomersByStage(tenantId: Types.ObjectId, keys?: string[]): Promise<Record<string, number>> {
  const rows = await Customer.aggregate<{ _id: string; count: number }>([
    { $match: { tenantId, ...(keys ? { stage: { $in: keys } } : {}) } },
    { $group: { _id: '$stage', count: { $sum: 1 } } },
  ]);
  return Object.fromEntries(rows.map((r) => [r._id, r.count]));
}
