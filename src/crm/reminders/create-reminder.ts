import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Forbidden } from '../../errors.js';
import { Reminder, type ReminderDoc } from '../models/reminder.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { createReminderSchema, type CreateReminderInput } from './reminder-input.js';

/** With a dedupeKey (e.g. from a chat event) a repeat of the same request returns the first reminder. */
export async function createReminder(
  actor: Actor,
  rawInput: CreateReminderInput,
  options: { dedupeKey?: string } = {},
): Promise<ReminderDoc> {
  const input = parseInput(createReminderSchema, rawInput);
  if (options.dedupeKey) {
    const done = await Reminder.findOne({ tenantId: actor.tenantId, dedupeKey: options.dedupeKey });
    if (done) return done;
  }
  const customer = input.customerId ? await findCustomerInScope(actor, input.customerId) : null;
  let staffId = actor.staffId;
  if (input.staffId && (!staffId || input.staffId !== String(staffId))) {
    if (!(await mayActForStaff(actor, input.staffId))) {
      throw new Forbidden(
        actor.role === 'sales'
          ? 'staffId: salespeople can only set reminders for themselves'
          : 'staffId: managers can only set reminders for staff in their departments',
      );
    }
    await requireActiveStaff(actor.tenantId, [input.staffId]);
    staffId = new Types.ObjectId(input.staffId);
  }
  if (!staffId) throw new Forbidden('a reminder needs someone to remind');
  const reminder = await Reminder.create({
    tenantId: actor.tenantId,
    staffId,
    customerId: customer?._id,
    dueAt: input.dueAt,
    text: input.text,
    createdBy: actor.staffId ?? undefined,
    source: actor.source,
    ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
  });
  if (customer) {
    await recordActivity(actor, {
      customerId: customer._id,
      type: 'reminder_set',
      content: input.text,
      data: { reminderId: String(reminder._id), dueAt: input.dueAt.toISOString() },
    });
  }
  await recordAudit(actor, { action: 'reminder.create', entity: 'reminder', entityId: reminder._id, before: null, after: reminder.toObject() });
  return reminder;
}
