import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { OPEN_TICKET_STATUSES, Ticket, type TicketDoc, type TicketRecord } from '../models/ticket.js';
import { parseInput } from '../../parse-input.js';
import { ticketScopeFilter } from './ticket-scope-filter.js';
import { listTicketsSchema, type ListTicketsInput } from './ticket-input.js';

/** Tickets in the actor's scope by status (or `open`), assignee and customer; newest first, cursor on _id. */
export async function listTickets(actor: Actor, rawInput: ListTicketsInput = {}): Promise<{ items: TicketDoc[]; nextCursor: string | null }> {
  const input = parseInput(listTicketsSchema, rawInput);
  const conditions: FilterQuery<TicketRecord>[] = [await ticketScopeFilter(actor)];
  if (input.status) conditions.push({ status: input.status === 'open' ? { $in: [...OPEN_TICKET_STATUSES] } : input.status });
  if (input.assigneeId) conditions.push({ assigneeId: new Types.ObjectId(input.assigneeId) });
  if (input.customerId) conditions.push({ customerId: new Types.ObjectId(input.customerId) });
  if (input.cursor) conditions.push({ _id: { $lt: new Types.ObjectId(input.cursor) } });
  const rows = await Ticket.find({ $and: conditions }).sort({ _id: -1 }).limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? String(items[items.length - 1]!._id) : null };
}

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** A customer's open tickets, most pressing first (priority, then due time): the top of the card. */
export async function listOpenTicketsOfCustomer(actor: Actor, customerId: string | Types.ObjectId, limit = 20): Promise<TicketDoc[]> {
  const customer = await findCustomerInScope(actor, customerId);
  // Ranked in memory (priority is not orderable in the query); a customer has few open tickets, 200 at the most read.
  const rows = await Ticket.find({ tenantId: actor.tenantId, customerId: customer._id, status: { $in: [...OPEN_TICKET_STATUSES] } })
    .sort({ dueAt: 1 })
    .limit(200);
  return rows.sort((a, b) => PRIORITY_RANK[a.priority]! - PRIORITY_RANK[b.priority]! || a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit);
}
