import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Reminder, type ReminderDoc } from '../models/reminder.js';
import { recordAudit } from '../record-audit.js';

/** Marks one of the caller's reminders done (or cancelled). */
export async function completeReminder(
  actor: Actor,
  reminderId: string,
  status: 'done' | 'cancelled' = 'done',
): Promise<ReminderDoc> {
  if (!Types.ObjectId.isValid(reminderId) || !actor.staffId) throw new NotFound('reminder');
  const reminder = await Reminder.findOne({ _id: new Types.ObjectId(reminderId), tenantId: actor.tenantId, staffId: actor.staffId });
  if (!reminder) throw new NotFound('reminder');
  const before = reminder.toObject();
  reminder.status = status;
  await reminder.save();
  await recordAudit(actor, { action: `reminder.${status}`, entity: 'reminder', entityId: reminder._id, before, after: reminder.toObject() });
  return reminder;
}
