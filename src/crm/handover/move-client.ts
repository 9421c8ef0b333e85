import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Customer } from '../models/customer.js';
import { Deal } from '../models/deal.js';
import { Reminder } from '../models/reminder.js';
import { OPEN_TICKET_STATUSES, Ticket } from '../models/ticket.js';
import { recordAudit } from '../record-audit.js';

export interface MoveClient {
  handoverId: Types.ObjectId;
  customerId: Types.ObjectId;
  from: { _id: Types.ObjectId; name: string };
  to: { _id: Types.ObjectId; name: string };
}

export interface MovedWork {
  reminders: number;
  deals: number;
  tickets: number;
}

/**
 * Moves one client from the giver to the successor in the CRM: ownership, open reminders, open
 * deals, open tickets; then the timeline and the audit. Every write is conditional on the giver
 * still holding the record, so running it again moves nothing twice; the timeline entry is keyed by
 * (handover, customer). Returns null when the client is no longer the giver's nor the successor's.
 */
export async function moveClient(actor: Actor, move: MoveClient): Promise<MovedWork | null> {
  const { tenantId } = actor;
  const { customerId, from, to } = move;
  const before = await Customer.findOne({ _id: customerId, tenantId, deletedAt: null }, { ownerId: 1, needsTransfer: 1 }).lean();
  if (!before || (!before.ownerId.equals(from._id) && !before.ownerId.equals(to._id))) return null;
  await Customer.updateOne({ _id: customerId, tenantId, ownerId: from._id }, { $set: { ownerId: to._id, needsTransfer: false } });
  const reminders = await Reminder.updateMany({ tenantId, customerId, staffId: from._id, status: 'open' }, { $set: { staffId: to._id } });
  const deals = await Deal.updateMany({ tenantId, customerId, ownerId: from._id, deletedAt: null, closedAt: null }, { $set: { ownerId: to._id } });
  const tickets = await Ticket.updateMany({ tenantId, customerId, assigneeId: from._id, status: { $in: [...OPEN_TICKET_STATUSES] } }, { $set: { assigneeId: to._id } });
  const moved = { reminders: reminders.modifiedCount, deals: deals.modifiedCount, tickets: tickets.modifiedCount };
  await recordActivity(actor, {
    customerId,
    type: 'handover',
    content: `客户由 ${from.name} 交接给 ${to.name}`,
    data: { handoverId: String(move.handoverId), fromStaffId: String(from._id), toStaffId: String(to._id) },
    dedupeKey: `handover:${String(move.handoverId)}:${String(customerId)}`,
  });
  if (before.ownerId.equals(from._id)) {
    await recordAudit(actor, {
      action: 'customer.handover',
      entity: 'customer',
      entityId: customerId,
      before: { ownerId: from._id, needsTransfer: before.needsTransfer },
      after: { ownerId: to._id, needsTransfer: false, moved },
    });
  }
  return moved;
}
