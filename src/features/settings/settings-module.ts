import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { getTenantSettings } from '../../crm/settings/get-tenant-settings.js';
import { updateTenantSettings } from '../../crm/settings/update-tenant-settings.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * The tenant's settings (系统设置), admins only:
 *   GET /api/admin/settings   stages (stable key, names zh/en, open/won/lost), levels, sources, tag groups,
 *                             contact cycles per level, numbering formats, time zone, working hours,
 *                             digest defaults, and customers per stage
 *   PUT /api/admin/settings   any of those sections; each one sent replaces that section; audited
 */
export const settingsModule: AppModule = {
  name: 'settings',
  setup(deps, router) {
    const admin = [authenticate(deps), requirePermission('settings', 'admin')] as const;
    router.get('/api/admin/settings', ...admin, async (ctx) => {
      ctx.body = await getTenantSettings(actorOf(ctx));
    });
    router.put('/api/admin/settings', ...admin, async (ctx) => {
      ctx.body = await updateTenantSettings(actorOf(ctx), await readJsonBody(ctx, z.unknown(), deps.config.BODY_LIMIT_BYTES));
    });
  },
};
