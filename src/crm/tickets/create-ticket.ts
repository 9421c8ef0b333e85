import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import type { Actor } from '../actor.js';
import { Forbidden } from '../../errors.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { tenantNumberFormatter } from '../settings/tenant-number-formatter.js';
import { nextSequence } from '../models/counter.js';
import { Ticket, type TicketDoc } from '../models/ticket.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { checkTicketLinks } from './check-ticket-links.js';
import { recordTicketActivity } from './record-ticket-activity.js';
import { getSlaHours, slaDueAt } from './service-settings.js';
import { createTicketSchema, type CreateTicketInput } from './ticket-input.js';

/**
 * A service ticket (服务工单) on a customer the actor can see, numbered in the tenant's format (settings, default T-0001), assigned
 * to the actor unless told otherwise, due by the tenant's SLA hours for its priority.
 */
export async function createTicket(actor: Actor, rawInput: CreateTicketInput, now = new Date(), options: { dedupeKey?: string } = {}): Promise<TicketDoc> {
  const input = parseInput(createTicketSchema, rawInput);
  const repeat = async () => (options.dedupeKey ? Ticket.findOne({ tenantId: actor.tenantId, dedupeKey: options.dedupeKey }) : null);
  const done = await repeat();
  if (done) return done;
  const customer = await findCustomerInScope(actor, input.customerId);
  const assigneeId = input.assigneeId ?? (actor.staffId ? String(actor.staffId) : String(customer.ownerId));
  if (!(await mayActForStaff(actor, assigneeId))) throw new Forbidden('assigneeId: you cannot assign tickets to this staff member');
  await requireActiveStaff(actor.tenantId, [assigneeId]);
  await checkTicketLinks(actor.tenantId, customer._id, input);
  const hours = await getSlaHours(actor.tenantId);

  const ticket = new Ticket({
    tenantId: actor.tenantId,
    number: (await tenantNumberFormatter(actor.tenantId, 'tickets'))(await nextSequence(`${actor.tenantId}:ticket`)),
    customerId: customer._id,
    title: input.title,
    description: input.description,
    category: input.category,
    priority: input.priority,
    status: 'new',
    assigneeId: new Types.ObjectId(assigneeId),
    slaStartAt: now,
    dueAt: slaDueAt(now, hours[input.priority]),
    contractId: input.contractId ? new Types.ObjectId(input.contractId) : undefined,
    productId: input.productId ? new Types.ObjectId(input.productId) : undefined,
    createdBy: actor.staffId ?? undefined,
    ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
  });
  try {
    await ticket.save();
  } catch (error) {
    // The same key saved at once elsewhere (a redelivered event on another instance): that one stands.
    const existing = isDuplicateKeyError(error) ? await repeat() : null;
    if (existing) return existing;
    throw error;
  }
  await recordAudit(actor, { action: 'ticket.create', entity: 'ticket', entityId: ticket._id, before: null, after: ticket.toObject() });
  await recordTicketActivity(actor, ticket, 'ticket_opened', `${ticket.number} ${ticket.title}`, { dueAt: ticket.dueAt.toISOString() });
  return ticket;
}
