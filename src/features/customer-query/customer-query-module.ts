import type { AppModule } from '../../app/app-module.js';
import { toCustomerViews } from '../../crm/customers/customer-view.js';
import { queryCustomers, queryCustomersSchema } from '../../crm/query/query-customers.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * The universal query (万能查询):
 *   POST /api/customers/query  { filter: {op, conditions}, sort: {field, dir}, page: {number, size} }
 * The same filter is accepted as `?filter=<json>` by GET /api/customers and GET /api/exports/customers.
 */
export const customerQueryModule: AppModule = {
  name: 'customer-query',
  setup(deps, router) {
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.post('/api/customers/query', auth, requirePermission('customers', 'view'), async (ctx) => {
      const input = await readJsonBody(ctx, queryCustomersSchema, limit);
      const page = await queryCustomers(actorOf(ctx), input);
      ctx.body = { items: await toCustomerViews(page.items), total: page.total, page: page.page, size: page.size };
    });
  },
};
