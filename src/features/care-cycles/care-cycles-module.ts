import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { getCareCycles, setCareCycles } from '../../crm/tenants/care-cycles.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * After-sale care cycles per customer level (售后关怀周期), e.g. VIP every 30 days after the first
 * signed contract; the reminder job turns them into reminders for the owner:
 *   GET /api/admin/service/care-cycles · PUT {cycles: [{level, everyDays}]}
 */
export const careCyclesModule: AppModule = {
  name: 'care-cycles',
  setup(deps, router) {
    const admin = [authenticate(deps)] as const;
    router.get('/api/admin/service/care-cycles', ...admin, requirePermission('settings', 'admin'), async (ctx) => {
      ctx.body = { cycles: await getCareCycles(actorOf(ctx)) };
    });
    router.put('/api/admin/service/care-cycles', ...admin, requirePermission('settings', 'admin'), async (ctx) => {
      ctx.body = { cycles: await setCareCycles(actorOf(ctx), await readJsonBody(ctx, z.unknown(), deps.config.BODY_LIMIT_BYTES)) };
    });
  },
};
