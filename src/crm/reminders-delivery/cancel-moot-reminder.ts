import type { Types } from 'mongoose';
import { systemActor } from '../actor.js';
import { Reminder } from '../models/reminder.js';
import { recordAudit } from '../record-audit.js';

/**
 * Cancels a reminder that is no longer worth sending (see stillWorthSending), as the job, with an
 * audit entry. Only while it is still open and unsent: false when someone else got there first.
 */
export async function cancelMootReminder(reminder: { _id: Types.ObjectId; tenantId: Types.ObjectId }): Promise<boolean> {
  const cancelled = await Reminder.findOneAndUpdate(
    { _id: reminder._id, tenantId: reminder.tenantId, status: 'open', notifiedAt: null },
    { $set: { status: 'cancelled' } },
    { new: true },
  ).lean();
  if (!cancelled) return false;
  await recordAudit(systemActor(reminder.tenantId, 'job'), {
    action: 'reminder.cancel',
    entity: 'reminder',
    entityId: reminder._id,
    before: reminder,
    after: cancelled,
  });
  return true;
}
