import { Conflict } from '../../errors.js';
import type { TicketStatus } from '../models/ticket.js';

/** Where each status may go; moving a resolved or closed ticket back to in_progress is a reopening. */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['in_progress', 'awaiting_customer', 'resolved', 'closed'],
  in_progress: ['awaiting_customer', 'resolved', 'closed'],
  awaiting_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function isReopening(from: TicketStatus, to: TicketStatus): boolean {
  return (from === 'resolved' || from === 'closed') && to === 'in_progress';
}

/** A move the life cycle does not allow is a 409 naming the allowed ones; nothing is written. */
export function assertTicketTransition(from: TicketStatus, to: TicketStatus): void {
  if (NEXT[from].includes(to)) return;
  const message = `cannot move a ticket from ${from} to ${to}; allowed: ${NEXT[from].join(', ')}`;
  throw new Conflict(`status: ${message}`, [{ path: 'status', message }]);
}
