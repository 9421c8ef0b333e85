import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { followHandoverTransfers } from '../../crm/handover/follow-handover-transfers.js';
import { handoverView } from '../../crm/handover/handover-view.js';
import { listHandovers } from '../../crm/handover/list-handovers.js';
import { listUnassignedClients } from '../../crm/handover/list-unassigned-clients.js';
import { findHandover, retryHandover, runHandover } from '../../crm/handover/run-handover.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';
import { parseInput } from '../../parse-input.js';

const unassignedQuery = z.object({ userId: z.string().trim().min(1).max(64).optional() }).strict();

/**
 * Handover of a member's clients to a successor (客户继承), by managers and admins.
 *   POST /api/admin/handovers {fromStaffId|fromUserId, toStaffId|toUserId, customerIds?, dryRun?, transferSuccessMsg?}
 *   GET /api/admin/handovers · GET /api/admin/handovers/:id · POST /api/admin/handovers/:id/retry
 *   GET /api/admin/handovers/unassigned?userId= — leavers' clients WeCom holds for no one
 * Clients bound to WeCom contacts go through the platform registered on deps.handoverTransfer; the
 * job `handover-transfer-follow` settles the waiting ones.
 */
export const handoverModule: AppModule = {
  name: 'handover',
  setup(deps, router) {
    const managers = [authenticate(deps)] as const;
    const transfer = () => deps.handoverTransfer.get();
    router.post('/api/admin/handovers', ...managers, requirePermission('handover', 'create'), async (ctx) => {
      const view = await runHandover(actorOf(ctx), await readJsonBody(ctx, z.unknown(), deps.config.BODY_LIMIT_BYTES), transfer());
      ctx.status = view.dryRun ? 200 : 201;
      ctx.body = view;
    });
    router.get('/api/admin/handovers', ...managers, requirePermission('handover', 'view'), async (ctx) => {
      ctx.body = { items: await listHandovers(actorOf(ctx)) };
    });
    router.get('/api/admin/handovers/unassigned', ...managers, requirePermission('handover', 'view'), async (ctx) => {
      const query = parseInput(unassignedQuery, ctx.query);
      ctx.body = { items: await listUnassignedClients(actorOf(ctx), transfer(), query.userId) };
    });
    router.get('/api/admin/handovers/:id', ...managers, requirePermission('handover', 'view'), async (ctx) => {
      ctx.body = handoverView((await findHandover(actorOf(ctx), String(ctx.params.id))).toObject());
    });
    router.post('/api/admin/handovers/:id/retry', ...managers, requirePermission('handover', 'edit'), async (ctx) => {
      ctx.body = await retryHandover(actorOf(ctx), String(ctx.params.id), transfer());
    });
    const logger = deps.logger.child({ component: 'handover' });
    deps.jobs.add({
      name: 'handover-transfer-follow',
      async run({ now }) {
        const platform = transfer();
        if (!platform) return { status: 'no_platform' };
        return followHandoverTransfers(platform, now, (err, handoverId) => logger.warn({ err, handoverId: String(handoverId) }, 'could not follow a handover transfer'));
      },
    });
  },
};
