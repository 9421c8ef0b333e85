import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Forbidden } from '../../errors.js';
import type { TicketDoc } from '../models/ticket.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import { checkTicketLinks } from './check-ticket-links.js';
import { findTicketInScope } from './find-ticket-in-scope.js';
import { recordTicketActivity } from './record-ticket-activity.js';
import { getSlaHours, slaDueAt } from './service-settings.js';
import { updateTicketSchema, type UpdateTicketInput } from './ticket-input.js';

const FIELDS = ['title', 'description', 'category', 'priority', 'assigneeId', 'contractId', 'productId'] as const;

/** Edits a ticket's fields; a new priority moves the due time to the SLA start plus that priority's hours. */
export async function updateTicket(actor: Actor, ticketId: string | Types.ObjectId, rawPatch: UpdateTicketInput): Promise<TicketDoc> {
  const patch = parseInput(updateTicketSchema, rawPatch);
  const ticket = await findTicketInScope(actor, ticketId);
  const before = ticket.toObject();
  if (patch.assigneeId !== undefined && patch.assigneeId !== String(ticket.assigneeId)) {
    if (!(await mayActForStaff(actor, patch.assigneeId))) throw new Forbidden('assigneeId: you cannot assign tickets to this staff member');
    await requireActiveStaff(actor.tenantId, [patch.assigneeId]);
  }
  await checkTicketLinks(actor.tenantId, ticket.customerId, patch);
  for (const field of FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    const stored = value === null ? undefined : field.endsWith('Id') ? new Types.ObjectId(value) : value;
    ticket.set(field, stored);
  }
  if (patch.priority !== undefined && patch.priority !== before.priority) {
    ticket.dueAt = slaDueAt(ticket.slaStartAt, (await getSlaHours(actor.tenantId))[patch.priority]);
    ticket.slaReminded = false;
  }
  if (!ticket.isModified()) return ticket;
  await saveOrConflict(ticket);
  await recordAudit(actor, { action: 'ticket.update', entity: 'ticket', entityId: ticket._id, before, after: ticket.toObject() });
  const changed = FIELDS.filter((f) => patch[f] !== undefined && String(before[f] ?? null) !== String(ticket.get(f) ?? null));
  await recordTicketActivity(actor, ticket, 'ticket_updated', `${ticket.number} ${ticket.title}`, {
    changed,
    ...(changed.includes('priority') ? { fromPriority: before.priority, dueAt: ticket.dueAt.toISOString() } : {}),
    ...(changed.includes('assigneeId') ? { fromAssigneeId: String(before.assigneeId) } : {}),
  });
  return ticket;
}
