import type { AppModule } from '../../app/app-module.js';
import { overridePlatformLink, platformLinkSchema } from '../../crm/staff/override-platform-link.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * `PUT /api/admin/staff/:userId/platform-link` `{ platform: dingtalk|feishu|slack, platformUserId }`:
 * the admin override of the automatic mapping of chat users to staff.
 */
export const staffAdminModule: AppModule = {
  name: 'staff-admin',
  setup(deps, router) {
    router.put('/api/admin/staff/:userId/platform-link', authenticate(deps), requirePermission('org', 'edit'), async (ctx) => {
      const input = await readJsonBody(ctx, platformLinkSchema, deps.config.BODY_LIMIT_BYTES);
      const staff = await overridePlatformLink(actorOf(ctx), String(ctx.params.userId), input);
      ctx.body = {
        userId: staff.userId,
        name: staff.name,
        dingtalkUserId: staff.dingtalkUserId ?? null,
        feishuOpenId: staff.feishuOpenId ?? null,
        slackUserId: staff.slackUserId ?? null,
      };
    });
  },
};
