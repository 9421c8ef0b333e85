import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import type { TicketDoc, TicketStatus } from '../models/ticket.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import { findTicketInScope } from './find-ticket-in-scope.js';
import { recordTicketActivity } from './record-ticket-activity.js';
import { getSlaHours, slaDueAt } from './service-settings.js';
import { changeTicketStatusSchema, type ChangeTicketStatusInput } from './ticket-input.js';
import { assertTicketTransition, isReopening } from './ticket-transitions.js';

/**
 * Moves a ticket along its life cycle (an invalid move is a 409, nothing written). Reopening
 * restarts the SLA clock, so a reopened ticket is due again by its priority's hours.
 */
export async function changeTicketStatus(
  actor: Actor,
  ticketId: string | Types.ObjectId,
  rawInput: ChangeTicketStatusInput,
  now = new Date(),
): Promise<TicketDoc> {
  const input = parseInput(changeTicketStatusSchema, rawInput);
  const ticket = await findTicketInScope(actor, ticketId);
  const from = ticket.status as TicketStatus;
  assertTicketTransition(from, input.status);
  const before = ticket.toObject();
  const reopened = isReopening(from, input.status);

  ticket.status = input.status;
  if (input.status === 'resolved') ticket.resolvedAt = now;
  if (input.status === 'closed') ticket.closedAt = now;
  if (reopened) {
    ticket.resolvedAt = null;
    ticket.closedAt = null;
    ticket.slaStartAt = now;
    ticket.dueAt = slaDueAt(now, (await getSlaHours(actor.tenantId))[ticket.priority]);
    ticket.slaReminded = false;
  }
  await saveOrConflict(ticket);
  await recordAudit(actor, { action: 'ticket.status', entity: 'ticket', entityId: ticket._id, before, after: ticket.toObject() });
  await recordTicketActivity(actor, ticket, 'ticket_status_changed', input.note ?? `${ticket.number} ${ticket.title}`, {
    from,
    to: input.status,
    reopened,
    ...(input.note ? { note: input.note } : {}),
  });
  return ticket;
}
