import type { Types } from 'mongoose';
import { NotFound } from '../../errors.js';
import { Tenant, type StageDefinition, type TenantDoc } from '../models/tenant.js';
import { stagesOf } from '../stages.js';

export async function getTenant(tenantId: Types.ObjectId): Promise<TenantDoc> {
  const tenant = await Tenant.findById(tenantId);
  if (!tenant) throw new NotFound('tenant');
  return tenant;
}

export async function getTenantStages(tenantId: Types.ObjectId): Promise<StageDefinition[]> {
  return stagesOf(await getTenant(tenantId));
}
