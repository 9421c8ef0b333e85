import type { StageDefinition } from '../models/tenant.js';
import { contactCycleLapse } from './contact-cycle.js';

/**
 * A contact-cycle reminder made in the morning is moot if the customer was contacted since (the
 * cycle moved on), closed, or deleted. Other reminders were set by a person and are always sent.
 */
export function stillWorthSending(
  reminder: { origin: string; dueAt: Date },
  customer: { deletedAt?: Date | null; stage: string; contactCycleDays?: number | null; lastContactAt?: Date | null; createdAt?: Date | null } | null,
  stages: StageDefinition[],
): boolean {
  if (reminder.origin !== 'contact_cycle' || !customer) return true;
  if (customer.deletedAt) return false;
  if (stages.some((s) => s.key === customer.stage && s.closed)) return false;
  const lapse = contactCycleLapse(customer);
  return lapse !== null && lapse <= reminder.dueAt;
}
