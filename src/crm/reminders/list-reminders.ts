import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { Reminder, type ReminderRecord } from '../models/reminder.js';
import type { Types } from 'mongoose';
import { parseInput } from '../../parse-input.js';
import { listRemindersSchema, type ListRemindersInput } from './reminder-input.js';

export interface ReminderView {
  id: string;
  customerId: string | null;
  customerName: string | null;
  dueAt: string;
  text: string;
  status: string;
  origin: string;
}

/** The caller's own reminders, soonest first. */
export async function listReminders(actor: Actor, rawInput: ListRemindersInput = {}): Promise<ReminderView[]> {
  const input = parseInput(listRemindersSchema, rawInput);
  if (!actor.staffId) return [];
  const rows = await Reminder.find({
    tenantId: actor.tenantId,
    staffId: actor.staffId,
    status: input.status,
    ...(input.dueBefore ? { dueAt: { $lte: input.dueBefore } } : {}),
  })
    .sort({ dueAt: 1 })
    .limit(input.limit)
    .lean();
  return toReminderViews(actor, rows);
}

export async function toReminderViews(actor: Actor, rows: (ReminderRecord & { _id: Types.ObjectId })[]): Promise<ReminderView[]> {
  const customerIds = rows.flatMap((r) => (r.customerId ? [r.customerId] : []));
  const customers = customerIds.length
    ? await Customer.find({ tenantId: actor.tenantId, _id: { $in: customerIds } }, { name: 1 }).lean()
    : [];
  const names = new Map(customers.map((c) => [String(c._id), c.name]));
  return rows.map((r) => ({
    id: String(r._id),
    customerId: r.customerId ? String(r.customerId) : null,
    customerName: r.customerId ? (names.get(String(r.customerId)) ?? null) : null,
    dueAt: r.dueAt.toISOString(),
    text: r.text,
    status: r.status,
    origin: r.origin,
  }));
}
