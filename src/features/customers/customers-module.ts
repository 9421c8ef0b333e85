import { listActivities, listActivitiesSchema, toActivityViews } from '../../crm/activities/list-activities.js';
import { logFollowUp } from '../../crm/activities/log-follow-up.js';
import { createCustomer } from '../../crm/customers/create-customer.js';
import { findPossibleDuplicates } from '../../crm/dedupe/find-possible-duplicates.js';
import {
  createCustomerSchema,
  followUpSchema,
  searchCustomersSchema,
  updateCustomerSchema,
} from '../../crm/customers/customer-input.js';
import { toCustomerView, toCustomerViews } from '../../crm/customers/customer-view.js';
import { deleteCustomer } from '../../crm/customers/delete-customer.js';
import { findCustomerInScope } from '../../crm/customers/find-customer-in-scope.js';
import { searchCustomers } from '../../crm/customers/search-customers.js';
import { updateCustomer } from '../../crm/customers/update-customer.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppModule } from '../../app/app-module.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';

export const customersModule: AppModule = {
  name: 'customers',
  setup(deps, router) {
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.post('/api/customers', auth, requirePermission('customers', 'create'), async (ctx) => {
      const input = await readJsonBody(ctx, createCustomerSchema, limit);
      const actor = actorOf(ctx);
      const customer = await createCustomer(actor, input);
      ctx.status = 201;
      // Created, but it may be someone already known: the caller shows these and may merge.
      ctx.body = { ...(await toCustomerView(customer)), possibleDuplicates: await findPossibleDuplicates(actor, customer, customer._id) };
    });

    router.get('/api/customers', auth, requirePermission('customers', 'view'), async (ctx) => {
      const page = await searchCustomers(actorOf(ctx), readQuery(ctx, searchCustomersSchema));
      ctx.body = { items: await toCustomerViews(page.items), nextCursor: page.nextCursor };
    });

    router.get('/api/customers/:id', auth, requirePermission('customers', 'view'), async (ctx) => {
      ctx.body = await toCustomerView(await findCustomerInScope(actorOf(ctx), readIdParam(ctx, 'customer')));
    });

    router.patch('/api/customers/:id', auth, requirePermission('customers', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'customer');
      const patch = await readJsonBody(ctx, updateCustomerSchema, limit);
      ctx.body = await toCustomerView(await updateCustomer(actorOf(ctx), id, patch));
    });

    router.delete('/api/customers/:id', auth, requirePermission('customers', 'delete'), async (ctx) => {
      await deleteCustomer(actorOf(ctx), readIdParam(ctx, 'customer'));
      ctx.status = 204;
    });

    router.post('/api/customers/:id/follow-ups', auth, requirePermission('activities', 'create'), async (ctx) => {
      const id = readIdParam(ctx, 'customer');
      const input = await readJsonBody(ctx, followUpSchema, limit);
      const { activity, customer } = await logFollowUp(actorOf(ctx), id, input);
      const [view] = await toActivityViews([activity.toObject()]);
      ctx.status = 201;
      // The activity, plus the customer as it now stands, so the caller needs no second request.
      ctx.body = { ...view, customer: await toCustomerView(customer) };
    });

    router.get('/api/customers/:id/activities', auth, requirePermission('activities', 'view'), async (ctx) => {
      const id = readIdParam(ctx, 'customer');
      ctx.body = await listActivities(actorOf(ctx), id, readQuery(ctx, listActivitiesSchema));
    });
  },
};
