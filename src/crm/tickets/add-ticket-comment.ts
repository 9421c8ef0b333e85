import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import type { TicketDoc } from '../models/ticket.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import { findTicketInScope } from './find-ticket-in-scope.js';
import { recordTicketActivity } from './record-ticket-activity.js';
import { addTicketCommentSchema, type AddTicketCommentInput } from './ticket-input.js';

export async function addTicketComment(actor: Actor, ticketId: string | Types.ObjectId, rawInput: AddTicketCommentInput, now = new Date()): Promise<TicketDoc> {
  const input = parseInput(addTicketCommentSchema, rawInput);
  const ticket = await findTicketInScope(actor, ticketId);
  ticket.comments.push({ authorId: actor.staffId, content: input.content, at: now });
  await saveOrConflict(ticket);
  const comment = ticket.comments[ticket.comments.length - 1]!;
  await recordAudit(actor, { action: 'ticket.comment', entity: 'ticket', entityId: ticket._id, before: null, after: comment.toObject() });
  await recordTicketActivity(actor, ticket, 'ticket_commented', input.content, { commentId: String(comment._id) });
  return ticket;
}
