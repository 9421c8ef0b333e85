import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { createDepartment, listDepartmentTree, updateDepartment } from '../../crm/org/departments.js';
import { directorySyncSchema, listStaffSchema } from '../../crm/org/org-input.js';
import { syncDirectory } from '../../crm/org/sync-directory.js';
import { listStaffDirectory, updateStaffEntry } from '../../crm/org/staff-directory.js';
import { nightlyDirectorySyncJob } from '../../jobs/nightly-directory-sync-job.js';
import { parseInput } from '../../parse-input.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';

/**
 * The organisation (admins): the department tree and the staff directory.
 *   GET /api/admin/departments (tree) · POST {name, parentId?} · PATCH /:id {name?, parentId?, order?}
 *   GET /api/admin/staff?active=&department= · PATCH /api/admin/staff/:id {name?, position?, departments?, managerId?, role?, active?}
 *   POST /api/admin/directory/sync {platform: 'wecom'|'dingtalk', dryRun?} → the diff and what was applied
 * and, for each configured platform, the nightly directory sync of the default company.
 */
export const orgModule: AppModule = {
  name: 'org',
  setup(deps, router) {
    const admin = [authenticate(deps)] as const;
    const body = (ctx: Parameters<typeof readJsonBody>[0]) => readJsonBody(ctx, z.unknown(), deps.config.BODY_LIMIT_BYTES);
    const view = (d: { _id: unknown; name: string; parentId?: unknown; order: number }) => ({ id: String(d._id), name: d.name, parentId: d.parentId ? String(d.parentId) : null, order: d.order });
    router.get('/api/admin/departments', ...admin, requirePermission('org', 'view'), async (ctx) => {
      ctx.body = { items: await listDepartmentTree(actorOf(ctx)) };
    });
    router.post('/api/admin/departments', ...admin, requirePermission('org', 'create'), async (ctx) => {
      ctx.status = 201;
      ctx.body = view(await createDepartment(actorOf(ctx), await body(ctx)));
    });
    router.patch('/api/admin/departments/:id', ...admin, requirePermission('org', 'edit'), async (ctx) => {
      ctx.body = view(await updateDepartment(actorOf(ctx), String(ctx.params.id), await body(ctx)));
    });
    router.get('/api/admin/staff', ...admin, requirePermission('org', 'view'), async (ctx) => {
      ctx.body = { items: await listStaffDirectory(actorOf(ctx), readQuery(ctx, listStaffSchema)) };
    });
    router.patch('/api/admin/staff/:id', ...admin, requirePermission('org', 'edit'), async (ctx) => {
      ctx.body = await updateStaffEntry(actorOf(ctx), String(ctx.params.id), await body(ctx));
    });
    const platforms = [
      ...(deps.config.WECOM_CORP_ID && deps.config.WECOM_SECRET ? (['wecom'] as const) : []),
      ...(deps.config.DINGTALK_APP_KEY && deps.config.DINGTALK_APP_SECRET ? (['dingtalk'] as const) : []),
    ];
    if (platforms.length) {
      const logger = deps.logger.child({ component: 'directory-sync' });
      deps.jobs.add(nightlyDirectorySyncJob({ tenantId: deps.defaultTenantId, timezone: deps.config.DEFAULT_TIMEZONE, platforms, sources: deps.directorySources, logger }));
    }
    router.post('/api/admin/directory/sync', ...admin, requirePermission('org', 'admin'), async (ctx) => {
      const input = parseInput(directorySyncSchema, await body(ctx));
      const actor = actorOf(ctx);
      const snapshot = await deps.directorySources.get(input.platform)(actor.tenantId);
      ctx.body = await syncDirectory(actor, snapshot, { dryRun: input.dryRun ?? false });
    });
  },
};
