import type { Types } from 'mongoose';
import { InvalidInput } from '../../errors.js';
import { getTenant } from '../tenants/get-tenant.js';
import { stagesOf } from '../stages.js';
import type { ColumnMapping, ImportChoices } from './import-mapping.js';
import type { RowContext } from './parse-import-row.js';
import { loadStaffDirectory } from './staff-directory.js';

/** Everything a row is checked against: the tenant's stages, time zone and staff, the default owner. */
export async function loadRowContext(
  tenantId: Types.ObjectId,
  labels: string[],
  mapping: ColumnMapping,
  choices: ImportChoices,
  fallbackOwnerId: Types.ObjectId | null,
): Promise<RowContext> {
  const [tenant, staff] = await Promise.all([getTenant(tenantId), loadStaffDirectory(tenantId)]);
  let defaultOwnerId = fallbackOwnerId;
  if (choices.defaultOwner) {
    const owner = staff.resolve(choices.defaultOwner);
    if (!('id' in owner)) throw new InvalidInput(`defaultOwner: ${owner.problem}`);
    defaultOwnerId = owner.id;
  }
  return { labels, mapping, stages: stagesOf(tenant), staff, defaultOwnerId, timezone: tenant.timezone ?? 'Asia/Shanghai' };
}
