import type { AppModule } from '../../app/app-module.js';
import { addTicketComment } from '../../crm/tickets/add-ticket-comment.js';
import { changeTicketStatus } from '../../crm/tickets/change-ticket-status.js';
import { createTicket } from '../../crm/tickets/create-ticket.js';
import { findTicketInScope } from '../../crm/tickets/find-ticket-in-scope.js';
import { openTicketAction } from '../../crm/tickets/open-ticket-action.js';
import { listOpenTicketsOfCustomer, listTickets } from '../../crm/tickets/list-tickets.js';
import {
  addTicketCommentSchema,
  changeTicketStatusSchema,
  createTicketSchema,
  listTicketsSchema,
  updateTicketSchema,
} from '../../crm/tickets/ticket-input.js';
import { toOpenTicketView, toTicketView, toTicketViews } from '../../crm/tickets/ticket-view.js';
import { updateTicket } from '../../crm/tickets/update-ticket.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';
import { ticketSlaJob } from './ticket-sla-job.js';

/** Service tickets (服务工单): REST in the caller's data scope; the SLA job lives beside it. */
export const ticketsModule: AppModule = {
  name: 'tickets',
  setup(deps, router) {
    deps.jobs.add(ticketSlaJob({ logger: deps.logger.child({ component: 'tickets' }) }));
    deps.automationActions.register(openTicketAction);
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.post('/api/tickets', auth, requirePermission('tickets', 'create'), async (ctx) => {
      const ticket = await createTicket(actorOf(ctx), await readJsonBody(ctx, createTicketSchema, limit));
      ctx.status = 201;
      ctx.body = await toTicketView(ticket);
    });
    router.get('/api/tickets', auth, requirePermission('tickets', 'view'), async (ctx) => {
      const page = await listTickets(actorOf(ctx), readQuery(ctx, listTicketsSchema));
      ctx.body = { items: await toTicketViews(page.items), nextCursor: page.nextCursor };
    });
    router.get('/api/tickets/:id', auth, requirePermission('tickets', 'view'), async (ctx) => {
      ctx.body = await toTicketView(await findTicketInScope(actorOf(ctx), readIdParam(ctx, 'ticket')));
    });
    router.patch('/api/tickets/:id', auth, requirePermission('tickets', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'ticket');
      ctx.body = await toTicketView(await updateTicket(actorOf(ctx), id, await readJsonBody(ctx, updateTicketSchema, limit)));
    });
    router.post('/api/tickets/:id/status', auth, requirePermission('tickets', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'ticket');
      ctx.body = await toTicketView(await changeTicketStatus(actorOf(ctx), id, await readJsonBody(ctx, changeTicketStatusSchema, limit)));
    });
    router.post('/api/tickets/:id/comments', auth, requirePermission('tickets', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'ticket');
      const ticket = await addTicketComment(actorOf(ctx), id, await readJsonBody(ctx, addTicketCommentSchema, limit));
      ctx.status = 201;
      ctx.body = await toTicketView(ticket);
    });
    router.get('/api/customers/:id/open-tickets', auth, requirePermission('tickets', 'view'), async (ctx) => {
      const tickets = await listOpenTicketsOfCustomer(actorOf(ctx), readIdParam(ctx, 'customer'));
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = { items: tickets.map((t) => toOpenTicketView(t)) };
    });
  },
};
