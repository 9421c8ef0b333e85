import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { createPermissionGroup, deletePermissionGroup, listPermissionGroups, updatePermissionGroup } from '../../crm/permissions/permission-groups.js';
import { setStaffGroups } from '../../crm/permissions/set-staff-groups.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * Permission groups (用户组) and who is in them; every change is audited with before/after.
 *   GET /api/admin/permission-groups · POST {name, grants: [{module, actions}], dataScope}
 *   PATCH /api/admin/permission-groups/:id {name?, grants?, dataScope?} · DELETE /:id (409 while in use; built-ins 409)
 *   PUT /api/admin/staff/:id/groups {groupIds: ['sales' | 'manager' | 'admin' | <group id>, …]}
 */
export const permissionsModule: AppModule = {
  name: 'permissions',
  setup(deps, router) {
    const auth = authenticate(deps);
    const body = (ctx: Parameters<typeof readJsonBody>[0]) => readJsonBody(ctx, z.unknown(), deps.config.BODY_LIMIT_BYTES);
    router.get('/api/admin/permission-groups', auth, requirePermission('org', 'view'), async (ctx) => {
      ctx.body = { items: await listPermissionGroups(actorOf(ctx)) };
    });
    router.post('/api/admin/permission-groups', auth, requirePermission('org', 'admin'), async (ctx) => {
      ctx.status = 201;
      ctx.body = await createPermissionGroup(actorOf(ctx), await body(ctx));
    });
    router.patch('/api/admin/permission-groups/:id', auth, requirePermission('org', 'admin'), async (ctx) => {
      ctx.body = await updatePermissionGroup(actorOf(ctx), String(ctx.params.id), await body(ctx));
    });
    router.delete('/api/admin/permission-groups/:id', auth, requirePermission('org', 'admin'), async (ctx) => {
      await deletePermissionGroup(actorOf(ctx), String(ctx.params.id));
      ctx.status = 204;
    });
    router.put('/api/admin/staff/:id/groups', auth, requirePermission('org', 'admin'), async (ctx) => {
      ctx.body = await setStaffGroups(actorOf(ctx), String(ctx.params.id), await body(ctx));
    });
  },
};
