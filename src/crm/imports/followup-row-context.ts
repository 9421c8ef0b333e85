import type { Types } from 'mongoose';
import { InvalidInput } from '../../errors.js';
import { getTenant } from '../tenants/get-tenant.js';
import { loadCustomerLookup } from './customer-lookup.js';
import type { ColumnMapping } from './import-mapping.js';
import type { FollowUpRowContext } from './parse-followup-row.js';
import { loadStaffDirectory } from './staff-directory.js';

/**
 * Everything a follow-up row is checked against: the tenant's customers, staff and time zone, and
 * who wrote rows without an author (the named default author, else the uploader).
 */
export async function loadFollowUpRowContext(
  tenantId: Types.ObjectId,
  labels: string[],
  mapping: ColumnMapping,
  uploaderId: Types.ObjectId | null,
  defaultAuthor?: string,
): Promise<FollowUpRowContext> {
  const [tenant, staff, customers] = await Promise.all([getTenant(tenantId), loadStaffDirectory(tenantId), loadCustomerLookup(tenantId)]);
  let defaultAuthorId = uploaderId;
  if (defaultAuthor) {
    const author = staff.resolve(defaultAuthor);
    if (!('id' in author)) throw new InvalidInput(`defaultOwner: ${author.problem}`);
    defaultAuthorId = author.id;
  }
  return { labels, mapping, customers, staff, defaultAuthorId, timezone: tenant.timezone ?? 'Asia/Shanghai' };
}
