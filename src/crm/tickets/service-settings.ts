import type { Types } from 'mongoose';
import type { TicketPriority } from '../models/ticket.js';
import { getTenant } from '../tenants/get-tenant.js';

/** Hours to resolve a ticket, per priority, when the tenant has not set its own (`service.slaHours`). */
export const DEFAULT_SLA_HOURS: Record<TicketPriority, number> = { urgent: 4, high: 8, normal: 24, low: 72 };

export async function getSlaHours(tenantId: Types.ObjectId): Promise<Record<TicketPriority, number>> {
  const set = (await getTenant(tenantId)).service?.slaHours;
  const pick = (p: TicketPriority) => (typeof set?.[p] === 'number' && set[p]! > 0 ? set[p]! : DEFAULT_SLA_HOURS[p]);
  return { urgent: pick('urgent'), high: pick('high'), normal: pick('normal'), low: pick('low') };
}

export function slaDueAt(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3600_000);
}
