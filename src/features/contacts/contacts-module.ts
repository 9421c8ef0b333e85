import { customFieldsSchema } from '../../crm/customers/custom-fields-schema.js';
import { z } from 'zod';
import { bindContactToCustomer, createCustomerFromContact } from '../../crm/contacts/bind-contact-to-customer.js';
import { boundCustomerInScope, findBindingCandidates, toContactView } from '../../crm/contacts/contact-view.js';
import { findContactInScope } from '../../crm/contacts/find-contact-in-scope.js';
import { unbindContact } from '../../crm/contacts/unbind-contact.js';
import { objectIdString } from '../../crm/customers/customer-input.js';
import { toCustomerView, toCustomerViews } from '../../crm/customers/customer-view.js';
import { NotFound } from '../../errors.js';
import { customerScopeFilter } from '../../crm/resolve-data-scope.js';
import { listOpenTicketsOfCustomer } from '../../crm/tickets/list-tickets.js';
import { toOpenTicketView } from '../../crm/tickets/ticket-view.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppContext } from '../../http/app-context.js';
import type { AppModule } from '../../app/app-module.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

const externalUserIdSchema = z.string().regex(/^[\w-]{1,128}$/);
const bindBody = z.object({ customerId: objectIdString }).strict();
const createBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    company: z.string().trim().max(200).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[+\d][\d\s\-()]{2,30}$/, 'not a phone number')
      .optional(),
    customFields: customFieldsSchema.optional(),
  })
  .strict();

function externalUserIdParam(ctx: AppContext): string {
  const parsed = externalUserIdSchema.safeParse(ctx.params.externalUserId);
  if (!parsed.success) throw new NotFound('contact');
  return parsed.data;
}

/**
 * The sidebar's view of the WeCom contact in the current chat (contract shared with mini-app):
 * GET  /api/contacts/:externalUserId           → { contact, customer | null, candidates, openTickets }
 * POST /api/contacts/:externalUserId/bind      { customerId }            → { contact, customer }
 * POST /api/contacts/:externalUserId/customer  { name?, company?, phone? } → { contact, customer }
 * POST /api/contacts/:externalUserId/unbind    { customerId }            → { contact, customer: null, candidates }
 */
export const contactsModule: AppModule = {
  name: 'contacts',
  setup(deps, router) {
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.get('/api/contacts/:externalUserId', auth, requirePermission('contacts', 'view'), async (ctx) => {
      const actor = actorOf(ctx);
      const scope = await customerScopeFilter(actor);
      const contact = await findContactInScope(actor, externalUserIdParam(ctx), scope);
      const customer = await boundCustomerInScope(actor, contact, scope);
      const candidates = customer ? [] : await findBindingCandidates(actor, contact, { scope });
      const candidateViews = await toCustomerViews(candidates.map((c) => c.customer));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        contact: await toContactView(contact),
        customer: customer ? await toCustomerView(customer) : null,
        candidates: candidates.map((c, i) => ({ customer: candidateViews[i]!, reason: c.reason })),
        // Open service tickets come first on the card: a salesperson sees the problem before pitching.
        openTickets: customer ? (await listOpenTicketsOfCustomer(actor, customer._id)).map((t) => toOpenTicketView(t)) : [],
      };
    });

    router.post('/api/contacts/:externalUserId/bind', auth, requirePermission('contacts', 'edit'), async (ctx) => {
      const id = externalUserIdParam(ctx);
      const { customerId } = await readJsonBody(ctx, bindBody, limit);
      const { contact, customer } = await bindContactToCustomer(actorOf(ctx), id, customerId);
      ctx.body = { contact: await toContactView(contact), customer: await toCustomerView(customer) };
    });

    router.post('/api/contacts/:externalUserId/unbind', auth, requirePermission('contacts', 'edit'), async (ctx) => {
      const actor = actorOf(ctx);
      const id = externalUserIdParam(ctx);
      const { customerId } = await readJsonBody(ctx, bindBody, limit);
      const contact = await unbindContact(actor, id, customerId);
      const scope = await customerScopeFilter(actor);
      const candidates = await findBindingCandidates(actor, contact, { scope });
      const candidateViews = await toCustomerViews(candidates.map((c) => c.customer));
      // The same shape as GET: the page goes back to the unlinked screen with its suggestions.
      ctx.body = {
        contact: await toContactView(contact),
        customer: null,
        candidates: candidates.map((c, i) => ({ customer: candidateViews[i]!, reason: c.reason })),
      };
    });

    router.post('/api/contacts/:externalUserId/customer', auth, requirePermission('contacts', 'create'), async (ctx) => {
      const id = externalUserIdParam(ctx);
      const input = await readJsonBody(ctx, createBody, limit);
      const { contact, customer } = await createCustomerFromContact(actorOf(ctx), id, input);
      ctx.status = 201;
      ctx.body = { contact: await toContactView(contact), customer: await toCustomerView(customer) };
    });
  },
};
