import type { Types } from 'mongoose';
import { Customer } from '../../models/customer.js';
import { OPEN_TICKET_STATUSES, Ticket } from '../../models/ticket.js';
import { inSelection, type StaffSelection } from './owner-filter.js';

export interface BreachedTicket {
  number: string;
  title: string;
  customerName: string | null;
  assigneeId: string;
  dueAt: Date;
}

/** Open tickets past their SLA due time at `asOf`, longest overdue first. Index: tickets {status, dueAt}. */
export async function listBreachedTickets(tenantId: Types.ObjectId, asOf: Date, assignees: StaffSelection): Promise<BreachedTicket[]> {
  const rows = await Ticket.find(
    { tenantId, status: { $in: [...OPEN_TICKET_STATUSES] }, dueAt: { $lt: asOf }, ...inSelection('assigneeId', assignees) },
    { number: 1, title: 1, customerId: 1, assigneeId: 1, dueAt: 1 },
  )
    .sort({ dueAt: 1, _id: 1 })
    .lean();
  const customers = await Customer.find({ tenantId, _id: { $in: rows.map((r) => r.customerId) } }, { name: 1 }).lean();
  const names = new Map(customers.map((c) => [String(c._id), c.name]));
  return rows.map((r) => ({
    number: r.number,
    title: r.title,
    customerName: names.get(String(r.customerId)) ?? null,
    assigneeId: String(r.assigneeId),
    dueAt: r.dueAt,
  }));
}
