import { z } from 'zod';
import { systemActor } from '../actor.js';
import type { AutomationAction } from '../automation/automation-actions.js';
import { TICKET_PRIORITIES, type TicketPriority } from '../models/ticket.js';
import { createTicket } from './create-ticket.js';

type Params = { title: string; priority: TicketPriority; category?: string };

/** Automation: open a service ticket for the customer, assigned to its owner; once per rule × occurrence. */
export const openTicketAction: AutomationAction<Params> = {
  type: 'open_ticket',
  params: z
    .object({
      title: z.string().trim().min(1).max(200),
      priority: z.enum(TICKET_PRIORITIES).default('normal'),
      category: z.string().trim().min(1).max(40).optional(),
    })
    .strict() as z.ZodType<Params>,
  describe: (p) => `为客户开工单「${p.title}」（分配给负责人）`,
  async run(p, context) {
    const ticket = await createTicket(
      systemActor(context.tenantId, 'event'),
      { customerId: String(context.customer._id), title: p.title, priority: p.priority, category: p.category, assigneeId: String(context.customer.ownerId) },
      context.now,
      { dedupeKey: context.key },
    );
    return `已开工单 ${ticket.number}：${ticket.title}`;
  },
};
