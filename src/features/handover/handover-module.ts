import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { handoverView } from '../../crm/handover/handover-view.js';
import { listHandovers } from '../../crm/handover/list-handovers.js';
import { findHandover, retryHandover, runHandover } from '../../crm/handover/run-handover.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * Handover of a member's clients to a successor (客户继承), by managers and admins.
 *   POST /api/admin/handovers {fromStaffId|fromUserId, toStaffId|toUserId, customerIds?, dryRun?}
 *   GET /api/admin/handovers · GET /api/admin/handovers/:id · POST /api/admin/handovers/:id/retry
 */
export const handoverModule: AppModule = {
  name: 'handover',
  setup(deps, router) {
    const managers = [authenticate(deps)] as const;
    router.post('/api/admin/handovers', ...managers, requirePermission('handover', 'create'), async (ctx) => {
      const view = await runHandover(actorOf(ctx), await readJsonBody(ctx, z.unknown(), deps.config.BODY_LIMIT_BYTES));
      ctx.status = view.dryRun ? 200 : 201;
      ctx.body = view;
    });
    router.get('/api/admin/handovers', ...managers, requirePermission('handover', 'view'), async (ctx) => {
      ctx.body = { items: await listHandovers(actorOf(ctx)) };
    });
    router.get('/api/admin/handovers/:id', ...managers, requirePermission('handover', 'view'), async (ctx) => {
      ctx.body = handoverView((await findHandover(actorOf(ctx), String(ctx.params.id))).toObject());
    });
    router.post('/api/admin/handovers/:id/retry', ...managers, requirePermission('handover', 'edit'), async (ctx) => {
      ctx.body = await retryHandover(actorOf(ctx), String(ctx.params.id));
    });
  },
};
