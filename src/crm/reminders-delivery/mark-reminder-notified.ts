import type { Types } from 'mongoose';
import { Reminder } from '../models/reminder.js';

/** Records that a reminder's message was queued; false when another run marked it first. */
export async function markReminderNotified(reminder: { _id: Types.ObjectId; tenantId: Types.ObjectId }, at: Date): Promise<boolean> {
  const marked = await Reminder.updateOne({ _id: reminder._id, tenantId: reminder.tenantId, notifiedAt: null }, { $set: { notifiedAt: at } });
  return marked.modifiedCount === 1;
}
