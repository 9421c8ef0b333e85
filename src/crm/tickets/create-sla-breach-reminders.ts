import { DateTime } from 'luxon';
import { systemActor } from '../actor.js';
import { OPEN_TICKET_STATUSES, Ticket } from '../models/ticket.js';
import { Reminder } from '../models/reminder.js';
import { Staff } from '../models/staff.js';
import { Tenant } from '../models/tenant.js';
import { recordAudit } from '../record-audit.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';

export interface SlaSweep {
  created: number;
  existing: number;
}

/** The dedupe key of one breach: a ticket whose due time moved (reopened, new priority) can breach again. */
export const slaBreachKey = (ticket: { _id: unknown; dueAt: Date }) => `ticket_sla:${String(ticket._id)}:${ticket.dueAt.getTime()}`;

/**
 * Open tickets past their SLA due time, across tenants: one reminder to the assignee per breach,
 * through the reminder pipeline (the reminder job delivers it). Exactly once by the reminder's
 * dedupe key, however often and on however many instances this runs; `slaReminded` only spares
 * the next sweeps the work.
 */
export async function createSlaBreachReminders(now: Date, batchSize = 500): Promise<SlaSweep> {
  // A departed assignee's tickets stay unreminded (whoever they are reassigned to hears of them) and,
  // left out of the query, never crowd the batch.
  const departed = (await Staff.find({ active: false }, { _id: 1 }).lean()).map((s) => s._id);
  const breached = await Ticket.find(
    { status: { $in: [...OPEN_TICKET_STATUSES] }, dueAt: { $lt: now }, slaReminded: { $ne: true }, assigneeId: { $nin: departed } },
    { tenantId: 1, number: 1, title: 1, customerId: 1, assigneeId: 1, dueAt: 1 },
  )
    .sort({ dueAt: 1 })
    .limit(batchSize)
    .lean();
  const result: SlaSweep = { created: 0, existing: 0 };
  if (breached.length === 0) return result;
  const tenantIds = [...new Map(breached.map((t) => [String(t.tenantId), t.tenantId])).values()];
  const zones = new Map((await Tenant.find({ _id: { $in: tenantIds } }, { timezone: 1 }).lean()).map((t) => [String(t._id), t.timezone ?? 'Asia/Shanghai']));
  for (const t of breached) {
    const due = DateTime.fromJSDate(t.dueAt, { zone: zones.get(String(t.tenantId)) ?? 'Asia/Shanghai' }).toFormat('M月d日 HH:mm');
    try {
      const reminder = await Reminder.create({
        tenantId: t.tenantId,
        staffId: t.assigneeId,
        customerId: t.customerId,
        dueAt: now,
        text: `工单 ${t.number}「${t.title}」已超时（应于 ${due} 前解决）`,
        origin: 'ticket_sla',
        source: 'job',
        dedupeKey: slaBreachKey(t),
      });
      await recordAudit(systemActor(t.tenantId, 'job'), { action: 'reminder.create', entity: 'reminder', entityId: reminder._id, before: null, after: reminder.toObject() });
      result.created++;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      result.existing++;
    }
    // Only for the due time the reminder was for: a reopening in between keeps the new breach unreminded.
    await Ticket.updateOne({ _id: t._id, dueAt: t.dueAt }, { $set: { slaReminded: true } });
  }
  return result;
}
