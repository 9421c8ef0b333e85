import type { Types } from 'mongoose';
import { todayIn } from '../calendar-date.js';
import { Tenant } from '../models/tenant.js';
import { DEFAULT_NUMBER_FORMATS, renderNumber } from './number-format.js';
import { DEFAULT_TIMEZONE, type StoredSettings } from './tenant-settings.js';

/**
 * The tenant's number format for customers or tickets as a function of the sequence number; dated
 * parts ({yyyy} {yy} {mm}) are today's in the tenant's zone. Each kind has its own counter.
 */
export async function tenantNumberFormatter(tenantId: Types.ObjectId, kind: 'customers' | 'tickets', now = new Date()): Promise<(seq: number) => string> {
  const tenant = await Tenant.findById(tenantId, { timezone: 1, settings: 1 }).lean();
  const format = (tenant?.settings as StoredSettings | undefined)?.numbering?.[kind] ?? DEFAULT_NUMBER_FORMATS[kind];
  const date = todayIn(tenant?.timezone || DEFAULT_TIMEZONE, now);
  return (seq) => renderNumber(format, date, seq);
}
