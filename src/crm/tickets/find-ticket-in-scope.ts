import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Ticket, type TicketDoc } from '../models/ticket.js';
import { ticketScopeFilter } from './ticket-scope-filter.js';

/** A ticket the actor may see; anything else (other scope, other tenant, bad id) is "not found". */
export async function findTicketInScope(actor: Actor, ticketId: string | Types.ObjectId): Promise<TicketDoc> {
  if (typeof ticketId === 'string' && !Types.ObjectId.isValid(ticketId)) throw new NotFound('ticket');
  const ticket = await Ticket.findOne({ ...(await ticketScopeFilter(actor)), _id: new Types.ObjectId(String(ticketId)) });
  if (!ticket) throw new NotFound('ticket');
  return ticket;
}

/** By its number (T-0042, t-42, 42), for chat commands. */
export async function findTicketByNumber(actor: Actor, reference: string): Promise<TicketDoc> {
  const digits = /^(?:t-?)?0*(\d{1,9})$/i.exec(reference.trim())?.[1];
  if (!digits) throw new NotFound('ticket');
  const ticket = await Ticket.findOne({ ...(await ticketScopeFilter(actor)), number: formatTicketNumber(Number(digits)) });
  if (!ticket) throw new NotFound('ticket');
  return ticket;
}

export function formatTicketNumber(seq: number): string {
  return `T-${String(seq).padStart(4, '0')}`;
}
