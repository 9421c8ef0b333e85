import { z } from 'zod';
import { buildDashboardView } from '../../crm/digests/build-dashboard-view.js';
import { buildPipelineView } from '../../crm/deals/build-pipeline-view.js';
import { findRecipient, loadDigestTenant } from '../../crm/digests/build-digest.js';
import { Unauthenticated } from '../../errors.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppModule } from '../../app/app-module.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readQuery } from '../../http/read-body.js';

const dashboardQuery = z.object({ at: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional() }).strict();

/**
 * GET /api/dashboard?at=  → DashboardView (src/crm/digests/dashboard-view.ts), and
 * GET /api/dashboard/pipeline?at=  → PipelineView (src/crm/deals/pipeline-view.ts), for managers and admins.
 */
export const dashboardModule: AppModule = {
  name: 'dashboard',
  setup(deps, router) {
    router.get('/api/dashboard', authenticate(deps), requirePermission('dashboard', 'view'), async (ctx) => {
      const { at } = readQuery(ctx, dashboardQuery);
      const actor = actorOf(ctx);
      if (!actor.staffId) throw new Unauthenticated();
      const [tenant, viewer] = await Promise.all([loadDigestTenant(actor.tenantId), findRecipient(actor.tenantId, actor.staffId)]);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = await buildDashboardView({ tenant, viewer, now: at ?? new Date() });
    });
    router.get('/api/dashboard/pipeline', authenticate(deps), requirePermission('dashboard', 'view'), async (ctx) => {
      const { at } = readQuery(ctx, dashboardQuery);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = await buildPipelineView(actorOf(ctx), at ?? new Date());
    });
  },
};
