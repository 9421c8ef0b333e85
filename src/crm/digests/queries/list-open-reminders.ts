import type { Types } from 'mongoose';
import { Customer } from '../../models/customer.js';
import { Reminder } from '../../models/reminder.js';
import { inSelection, type StaffSelection, type TimeRange } from './owner-filter.js';

export interface OpenReminder {
  reminderId: string;
  staffId: string;
  customerId: string | null;
  customerName: string | null;
  dueAt: Date;
  text: string;
  origin: string;
}

/** Open reminders due in [start, end), soonest first. Index: reminders {tenantId, staffId, status, dueAt}. */
export async function listOpenReminders(
  tenantId: Types.ObjectId,
  range: TimeRange,
  staff: StaffSelection,
): Promise<OpenReminder[]> {
  const rows = await Reminder.find(
    { tenantId, ...inSelection('staffId', staff), status: 'open', dueAt: { $gte: range.start, $lt: range.end } },
    { staffId: 1, customerId: 1, dueAt: 1, text: 1, origin: 1 },
  )
    .sort({ dueAt: 1, _id: 1 })
    .lean();
  const customerIds = [...new Set(rows.flatMap((r) => (r.customerId ? [String(r.customerId)] : [])))];
  const customers = customerIds.length
    ? await Customer.find({ tenantId, _id: { $in: customerIds } }, { name: 1 }).lean()
    : [];
  const names = new Map(customers.map((c) => [String(c._id), c.name]));
  return rows.map((r) => ({
    reminderId: String(r._id),
    staffId: String(r.staffId),
    customerId: r.customerId ? String(r.customerId) : null,
    customerName: r.customerId ? (names.get(String(r.customerId)) ?? null) : null,
    dueAt: r.dueAt,
    text: r.text,
    origin: r.origin,
  }));
}
