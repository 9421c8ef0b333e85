import type { Types } from 'mongoose';
import type { StageDefinition } from '../models/tenant.js';
import { stagesOf } from '../stages.js';
import { DEFAULT_TIMEZONE } from './period.js';
import type { StoredSettings } from '../settings/tenant-settings.js';

/** What digests and reminders need of a tenant: its zone and its stages, defaults applied. */
export interface DigestTenant {
  tenantId: Types.ObjectId;
  timezone: string;
  stages: StageDefinition[];
  /** When the working day starts (settings, HH:mm), if the tenant set working hours: the daily reminder sweep runs before it. */
  workdayStart?: string;
}

/** A tenant document or lean row (any projection that kept timezone and stages). */
export type TenantSettingsSource = { _id: Types.ObjectId; timezone?: string | null; settings?: unknown } & Parameters<typeof stagesOf>[0];

export function digestTenantOf(doc: TenantSettingsSource): DigestTenant {
  const workdayStart = (doc.settings as StoredSettings | null | undefined)?.workingHours?.start;
  return { tenantId: doc._id, timezone: doc.timezone || DEFAULT_TIMEZONE, stages: stagesOf(doc), ...(workdayStart ? { workdayStart } : {}) };
}
