import type { StaffRef } from '../customers/customer-view.js';
import { Customer } from '../models/customer.js';
import { OPEN_TICKET_STATUSES, type TicketDoc } from '../models/ticket.js';
import { staffNamesById } from '../staff/staff-names-by-id.js';

export interface TicketView {
  id: string;
  number: string;
  customer: { id: string; name: string; code: string };
  title: string;
  description: string | null;
  category: string | null;
  priority: string;
  status: string;
  assignee: StaffRef;
  dueAt: string;
  /** Open and past its due time at the moment of reading. */
  overdue: boolean;
  contractId: string | null;
  productId: string | null;
  comments: { id: string; author: StaffRef | null; content: string; at: string }[];
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The short form on the sidebar card and in /客户 replies. */
export interface OpenTicketView {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: string;
  dueAt: string;
  overdue: boolean;
}

const isOverdue = (t: TicketDoc, now: Date) => (OPEN_TICKET_STATUSES as readonly string[]).includes(t.status) && t.dueAt < now;

export function toOpenTicketView(t: TicketDoc, now = new Date()): OpenTicketView {
  return { id: String(t._id), number: t.number, title: t.title, status: t.status, priority: t.priority, dueAt: t.dueAt.toISOString(), overdue: isOverdue(t, now) };
}

export async function toTicketViews(tickets: TicketDoc[], now = new Date()): Promise<TicketView[]> {
  const tenantId = tickets[0]?.tenantId;
  if (!tenantId) return [];
  const names = await staffNamesById(tenantId, tickets.flatMap((t) => [t.assigneeId, ...t.comments.flatMap((c) => (c.authorId ? [c.authorId] : []))]));
  const customers = await Customer.find({ tenantId, _id: { $in: tickets.map((t) => t.customerId) } }, { name: 1, code: 1 }).lean();
  const customerById = new Map(customers.map((c) => [String(c._id), c]));
  const ref = (id: unknown): StaffRef => ({ id: String(id), name: names.get(String(id)) ?? '?' });
  return tickets.map((t) => {
    const c = customerById.get(String(t.customerId));
    return {
      id: String(t._id),
      number: t.number,
      customer: { id: String(t.customerId), name: c?.name ?? '?', code: c?.code ?? '?' },
      title: t.title,
      description: t.description ?? null,
      category: t.category ?? null,
      priority: t.priority,
      status: t.status,
      assignee: ref(t.assigneeId),
      dueAt: t.dueAt.toISOString(),
      overdue: isOverdue(t, now),
      contractId: t.contractId ? String(t.contractId) : null,
      productId: t.productId ? String(t.productId) : null,
      comments: t.comments.map((cm) => ({ id: String(cm._id), author: cm.authorId ? ref(cm.authorId) : null, content: cm.content, at: cm.at.toISOString() })),
      resolvedAt: t.resolvedAt ? t.resolvedAt.toISOString() : null,
      closedAt: t.closedAt ? t.closedAt.toISOString() : null,
      version: t.version as number,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  });
}

export async function toTicketView(ticket: TicketDoc): Promise<TicketView> {
  return (await toTicketViews([ticket]))[0]!;
}
