import { z } from 'zod';
import { objectIdString } from '../customers/customer-input.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../models/ticket.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const createTicketSchema = z
  .object({
    customerId: objectIdString,
    title: text(200),
    description: text(5000).optional(),
    category: text(40).optional(),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    assigneeId: objectIdString.optional(),
    contractId: objectIdString.optional(),
    productId: objectIdString.optional(),
  })
  .strict();
export type CreateTicketInput = z.input<typeof createTicketSchema>;

export const updateTicketSchema = z
  .object({
    title: text(200).optional(),
    description: text(5000).nullable().optional(),
    category: text(40).nullable().optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    assigneeId: objectIdString.optional(),
    contractId: objectIdString.nullable().optional(),
    productId: objectIdString.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to update');
export type UpdateTicketInput = z.input<typeof updateTicketSchema>;

export const changeTicketStatusSchema = z
  .object({
    status: z.enum(TICKET_STATUSES),
    /** What was done (resolving) or why (reopening); lands on the timeline. */
    note: text(2000).optional(),
  })
  .strict();
export type ChangeTicketStatusInput = z.input<typeof changeTicketStatusSchema>;

export const addTicketCommentSchema = z.object({ content: text(2000) }).strict();
export type AddTicketCommentInput = z.input<typeof addTicketCommentSchema>;

export const listTicketsSchema = z
  .object({
    /** One status, or `open` for new / in progress / awaiting the customer. */
    status: z.enum([...TICKET_STATUSES, 'open']).optional(),
    assigneeId: objectIdString.optional(),
    customerId: objectIdString.optional(),
    cursor: objectIdString.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListTicketsInput = z.input<typeof listTicketsSchema>;
