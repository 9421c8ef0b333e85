import { getTenant } from '../../crm/tenants/get-tenant.js';
import { stagesOf } from '../../crm/stages.js';
import { accessOf } from '../../crm/permissions/access-of.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppModule } from '../../app/app-module.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requireSignedIn } from '../../http/auth/require-permission.js';

export const meModule: AppModule = {
  name: 'me',
  setup(deps, router) {
    router.get('/api/me', authenticate(deps), requireSignedIn(), async (ctx) => {
      const actor = actorOf(ctx);
      const staff = ctx.state.staff!;
      const tenant = await getTenant(actor.tenantId);
      ctx.body = {
        staff: { id: String(staff._id), userId: staff.userId, name: staff.name, role: staff.role, departments: staff.departments },
        // What the pages may offer this person: their groups' grants and data scope.
        permissions: accessOf(actor),
        tenant: {
          id: String(tenant._id),
          name: tenant.name,
          timezone: tenant.timezone,
          stages: stagesOf(tenant).map((s) => ({ key: s.key, name: s.name, nameEn: s.nameEn ?? null, closed: s.closed, won: s.won })),
        },
      };
    });
  },
};
