import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import type { ActivityType } from '../models/activity.js';
import type { TicketDoc } from '../models/ticket.js';

/** Puts a ticket change on its customer's timeline, which relays it to domain-event subscribers. */
export async function recordTicketActivity(
  actor: Actor,
  ticket: TicketDoc,
  type: Extract<ActivityType, 'ticket_opened' | 'ticket_status_changed' | 'ticket_commented' | 'ticket_updated'>,
  content: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await recordActivity(actor, {
    customerId: ticket.customerId,
    type,
    content,
    data: {
      ticketId: ticket._id.toHexString(),
      number: ticket.number,
      title: ticket.title,
      status: ticket.status,
      priority: ticket.priority,
      assigneeId: ticket.assigneeId.toHexString(),
      ...data,
    },
  });
}
