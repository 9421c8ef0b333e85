import type { AppModule } from '../../app/app-module.js';
import { exportAuditSchema, prepareAuditExport } from '../../crm/audit/export-audit.js';
import { listAuditEntries, listAuditSchema } from '../../crm/audit/list-audit-entries.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readQuery } from '../../http/read-body.js';
import { nightlyAuditRetentionJob } from '../../jobs/nightly-audit-retention-job.js';
import { sendExport } from '../../http/send-export.js';

/**
 * The audit log, the tenant admin's and within their tenant only; append-only (no route changes
 * or deletes an entry):
 *   GET /api/admin/audit?actor=&entity=&entityId=&action=&from=YYYY-MM-DD&to=&page=&limit=   newest first
 *   GET /api/admin/audit/export?format=csv|xlsx&<same filters>                               streamed, audited
 * and the nightly job applying each tenant's retention (auditRetentionDays, default 365).
 */
export const auditModule: AppModule = {
  name: 'audit',
  setup(deps, router) {
    const guard = [authenticate(deps)] as const;
    router.get('/api/admin/audit', ...guard, requirePermission('audit', 'view'), async (ctx) => {
      ctx.body = await listAuditEntries(actorOf(ctx), readQuery(ctx, listAuditSchema));
    });
    router.get('/api/admin/audit/export', ...guard, requirePermission('audit', 'export'), async (ctx) => {
      sendExport(ctx, await prepareAuditExport(actorOf(ctx), readQuery(ctx, exportAuditSchema)), deps.logger);
    });
    deps.jobs.add(nightlyAuditRetentionJob({ timezone: deps.config.DEFAULT_TIMEZONE, logger: deps.logger.child({ component: 'audit' }) }));
  },
};
