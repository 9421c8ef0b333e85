import type { AppModule } from '../../app/app-module.js';
import { toCustomerViews } from '../../crm/customers/customer-view.js';
import { listSavedViews } from '../../crm/views/list-saved-views.js';
import { runSavedView } from '../../crm/views/run-saved-view.js';
import { createSavedView, deleteSavedView, updateSavedView } from '../../crm/views/save-saved-view.js';
import { createSavedViewSchema, runSavedViewSchema, updateSavedViewSchema } from '../../crm/views/saved-view-input.js';
import { toSavedViewView } from '../../crm/views/saved-view-view.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';

/**
 * Saved views of the customer list (a name, a universal-query filter, columns):
 *   GET /api/views                      mine and the tenant's shared ones
 *   POST /api/views                     { name, filter, columns?, shared? (managers, admins) }
 *   PATCH /api/views/:id, DELETE /api/views/:id   owner, or an admin for a shared view
 *   POST /api/views/:id/run             { sort?, page? } → customers in the caller's scope
 */
export const viewsModule: AppModule = {
  name: 'views',
  setup(deps, router) {
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.get('/api/views', auth, requirePermission('views', 'view'), async (ctx) => {
      ctx.body = { items: (await listSavedViews(actorOf(ctx))).map(toSavedViewView) };
    });

    router.post('/api/views', auth, requirePermission('views', 'create'), async (ctx) => {
      const input = await readJsonBody(ctx, createSavedViewSchema, limit);
      ctx.status = 201;
      ctx.body = toSavedViewView(await createSavedView(actorOf(ctx), input));
    });

    router.patch('/api/views/:id', auth, requirePermission('views', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'view');
      const patch = await readJsonBody(ctx, updateSavedViewSchema, limit);
      ctx.body = toSavedViewView(await updateSavedView(actorOf(ctx), id, patch));
    });

    router.delete('/api/views/:id', auth, requirePermission('views', 'delete'), async (ctx) => {
      await deleteSavedView(actorOf(ctx), readIdParam(ctx, 'view'));
      ctx.status = 204;
    });

    router.post('/api/views/:id/run', auth, requirePermission('views', 'view'), async (ctx) => {
      const id = readIdParam(ctx, 'view');
      const input = await readJsonBody(ctx, runSavedViewSchema, limit);
      const page = await runSavedView(actorOf(ctx), id, input);
      ctx.body = { items: await toCustomerViews(page.items), total: page.total, page: page.page, size: page.size, columns: page.columns };
    });
  },
};
