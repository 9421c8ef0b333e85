import { DateTime } from 'luxon';
import { Reminder } from '../models/reminder.js';

/**
 * Open, not yet notified reminders due before the end of `now`'s minute and no older than
 * `lookbackMs` (older ones were missed while the system was down, or set in the past, and would
 * only confuse). Across tenants: one minute's delivery is one query; earliest first, at most `limit`.
 */
export async function listDueReminders(input: { now: Date; lookbackMs: number; limit: number }) {
  const minuteEnd = DateTime.fromJSDate(input.now).startOf('minute').plus({ minutes: 1 }).toJSDate();
  return Reminder.find({
    status: 'open',
    notifiedAt: null,
    dueAt: { $gte: new Date(input.now.getTime() - input.lookbackMs), $lt: minuteEnd },
  })
    .sort({ dueAt: 1 })
    .limit(input.limit)
    .lean();
}

export type DueReminder = Awaited<ReturnType<typeof listDueReminders>>[number];
