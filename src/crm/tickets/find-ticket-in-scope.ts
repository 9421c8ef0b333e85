import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Ticket, type TicketDoc } from '../models/ticket.js';
import { tenantNumberFormatter } from '../settings/tenant-number-formatter.js';
import { ticketScopeFilter } from './ticket-scope-filter.js';

/** A ticket the actor may see; anything else (other scope, other tenant, bad id) is "not found". */
export async function findTicketInScope(actor: Actor, ticketId: string | Types.ObjectId): Promise<TicketDoc> {
  if (typeof ticketId === 'string' && !Types.ObjectId.isValid(ticketId)) throw new NotFound('ticket');
  const ticket = await Ticket.findOne({ ...(await ticketScopeFilter(actor)), _id: new Types.ObjectId(String(ticketId)) });
  if (!ticket) throw new NotFound('ticket');
  return ticket;
}

/** By its number as written (GD00042) or its digits alone (T-0042, t-42, 42) in the tenant's or the original format, for chat commands. */
export async function findTicketByNumber(actor: Actor, reference: string): Promise<TicketDoc> {
  const written = reference.normalize('NFKC').trim().toUpperCase();
  if (!written || written.length > 60) throw new NotFound('ticket');
  const candidates = [written];
  const digits = /^(?:t-?)?0*(\d{1,9})$/i.exec(written)?.[1];
  if (digits) candidates.push(formatTicketNumber(Number(digits)), (await tenantNumberFormatter(actor.tenantId, 'tickets'))(Number(digits)));
  const ticket = await Ticket.findOne({ ...(await ticketScopeFilter(actor)), number: { $in: [...new Set(candidates)] } });
  if (!ticket) throw new NotFound('ticket');
  return ticket;
}

/** The original ticket numbers (T-0042), still found by their digits after the format changes. */
export function formatTicketNumber(seq: number): string {
  return `T-${String(seq).padStart(4, '0')}`;
}
