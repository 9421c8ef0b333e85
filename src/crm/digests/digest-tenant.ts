import type { Types } from 'mongoose';
import type { StageDefinition } from '../models/tenant.js';
import { stagesOf } from '../stages.js';
import { DEFAULT_TIMEZONE } from './period.js';

/** What digests and reminders need of a tenant: its zone and its stages, defaults applied. */
export interface DigestTenant {
  tenantId: Types.ObjectId;
  timezone: string;
  stages: StageDefinition[];
}

/** A tenant document or lean row (any projection that kept timezone and stages). */
export type TenantSettingsSource = { _id: Types.ObjectId; timezone?: string | null } & Parameters<typeof stagesOf>[0];

export function digestTenantOf(doc: TenantSettingsSource): DigestTenant {
  return { tenantId: doc._id, timezone: doc.timezone || DEFAULT_TIMEZONE, stages: stagesOf(doc) };
}
