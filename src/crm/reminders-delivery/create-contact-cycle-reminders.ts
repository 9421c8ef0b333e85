import type { Types } from 'mongoose';
import { systemActor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { Reminder } from '../models/reminder.js';
import { Staff } from '../models/staff.js';
import type { StageDefinition } from '../models/tenant.js';
import { recordAudit } from '../record-audit.js';
import { dayContaining, previousPeriod } from '../digests/period.js';
import { contactCycleLapse } from './contact-cycle.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';

export interface ContactCycleSweep {
  created: number;
  existing: number;
}

/**
 * Gives every open customer whose contact cycle runs out today (or ran out yesterday, in case a
 * day's sweep was missed) a reminder for its owner at that moment (or now, if it has passed).
 * Idempotent: one reminder per customer and lapse day, by dedupe key; a later contact moves the
 * lapse and so makes a new key.
 */
export async function createContactCycleReminders(input: {
  tenantId: Types.ObjectId;
  timezone: string;
  stages: StageDefinition[];
  now: Date;
}): Promise<ContactCycleSweep> {
  const { tenantId, timezone, now } = input;
  const today = dayContaining(now, timezone);
  const from = previousPeriod(today).start;
  const closed = input.stages.filter((s) => s.closed).map((s) => s.key);
  const candidates = await Customer.find(
    { tenantId, deletedAt: null, contactCycleDays: { $gt: 0 }, stage: { $nin: closed } },
    { name: 1, code: 1, ownerId: 1, contactCycleDays: 1, lastContactAt: 1, createdAt: 1 },
  ).lean();
  const due = candidates.flatMap((c) => {
    const lapse = contactCycleLapse(c);
    return lapse && lapse >= from && lapse < today.end ? [{ customer: c, lapse }] : [];
  });
  if (due.length === 0) return { created: 0, existing: 0 };
  const activeOwners = new Set(
    (await Staff.find({ tenantId, active: true, _id: { $in: [...new Set(due.map((d) => String(d.customer.ownerId)))] } }, { _id: 1 }).lean()).map(
      (s) => String(s._id),
    ),
  );
  const actor = systemActor(tenantId, 'job');
  const result: ContactCycleSweep = { created: 0, existing: 0 };
  for (const { customer, lapse } of due) {
    // A departed owner's customers wait for reassignment; nobody would read the reminder.
    if (!activeOwners.has(String(customer.ownerId))) continue;
    const dedupeKey = `contact_cycle:${String(customer._id)}:${dayContaining(lapse, timezone).key}`;
    try {
      const reminder = await Reminder.create({
        tenantId,
        staffId: customer.ownerId,
        customerId: customer._id,
        dueAt: lapse > now ? lapse : now,
        text: `联系周期（${customer.contactCycleDays} 天）到了，请联系 ${customer.name}`,
        origin: 'contact_cycle',
        source: 'job',
        dedupeKey,
      });
      await recordAudit(actor, { action: 'reminder.create', entity: 'reminder', entityId: reminder._id, before: null, after: reminder.toObject() });
      result.created++;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      result.existing++;
    }
  }
  return result;
}
