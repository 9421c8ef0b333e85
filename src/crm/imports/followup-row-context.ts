import type { Types } from 'mongoose';
import { getTenant } from '../tenants/get-tenant.js';
import { loadCustomerLookup } from './customer-lookup.js';
import type { ColumnMapping } from './import-mapping.js';
import type { FollowUpRowContext } from './parse-followup-row.js';
import { loadStaffDirectory } from './staff-directory.js';

/** Everything a follow-up row is checked against: the tenant's customers, staff and time zone. */
export async function loadFollowUpRowContext(tenantId: Types.ObjectId, labels: string[], mapping: ColumnMapping, defaultAuthorId: Types.ObjectId | null): Promise<FollowUpRowContext> {
  const [tenant, staff, customers] = await Promise.all([getTenant(tenantId), loadStaffDirectory(tenantId), loadCustomerLookup(tenantId)]);
  return { labels, mapping, customers, staff, defaultAuthorId, timezone: tenant.timezone ?? 'Asia/Shanghai' };
}
