import type { Actor } from '../actor.js';
import type { StaffDoc } from '../models/staff.js';
import { flagCustomersForTransfer } from './flag-customers-for-transfer.js';
import { upsertStaff } from './upsert-staff.js';

/**
 * Someone left the company: they can no longer sign in or run commands, and their customers wait
 * for a manager to reassign them. Safe to repeat (a redelivered departure changes nothing more).
 */
export async function markStaffDeparted(actor: Actor, staff: StaffDoc): Promise<{ flaggedCustomers: number }> {
  if (staff.active) await upsertStaff(actor, staff.tenantId, { userId: staff.userId, active: false });
  const flaggedCustomers = await flagCustomersForTransfer(actor, staff._id, staff.name);
  return { flaggedCustomers };
}
