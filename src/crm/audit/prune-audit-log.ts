import { AuditLog } from '../models/audit-log.js';
import { Tenant } from '../models/tenant.js';

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * Removes each tenant's audit entries older than its retention (`auditRetentionDays`, default
 * 365 days). The only removal of audit entries anywhere; entries of a tenant that no longer
 * exists are kept (nobody can set their retention).
 */
export async function pruneAuditLog(now: Date): Promise<{ tenants: number; removed: number }> {
  let tenants = 0;
  let removed = 0;
  for await (const tenant of Tenant.find({}, { auditRetentionDays: 1 }).lean().cursor()) {
    const days = tenant.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    const result = await AuditLog.deleteMany({ tenantId: tenant._id, at: { $lt: new Date(now.getTime() - days * DAY_MS) } });
    tenants += 1;
    removed += result.deletedCount;
  }
  return { tenants, removed };
}
