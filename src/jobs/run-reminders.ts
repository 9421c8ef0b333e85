import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { systemActor } from '../crm/actor.js';
import type { DigestChannel } from '../crm/digests/digest-subscription.js';
import { digestTenantOf, type DigestTenant } from '../crm/digests/digest-tenant.js';
import { dayContaining } from '../crm/digests/period.js';
import { Customer } from '../crm/models/customer.js';
import { Reminder } from '../crm/models/reminder.js';
import { Staff } from '../crm/models/staff.js';
import { platformUserIdOf } from '../crm/staff/platform-user-id-of.js';
import { Tenant } from '../crm/models/tenant.js';
import { recordAudit } from '../crm/record-audit.js';
import { createContactCycleReminders } from '../crm/reminders-delivery/create-contact-cycle-reminders.js';
import { reminderMessageBody } from '../crm/reminders-delivery/reminder-message.js';
import { stillWorthSending } from '../crm/reminders-delivery/still-worth-sending.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../queue/outbox/create-outbox.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

export interface ReminderJobOptions {
  defaultChannel: DigestChannel;
  outbox: Pick<Outbox, 'enqueue'>;
  /** Local time after which the day's contact-cycle reminders are created (not :00 or :30). */
  contactCycleSweepAt?: string;
  /** Reminders older than this when first seen (system down, or set in the past) are not sent. */
  lookbackMs?: number;
  batchSize?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface ReminderJobReport {
  enqueued: number;
  cancelled: number;
  cycleRemindersCreated: number;
}

/**
 * Every minute on the leader: reminders due within this minute go to the outbox (not before their
 * due second) and are marked notified; once a day per tenant, contact cycles become reminders.
 * Exactly once: the outbox key `reminder:<id>` stores one message however often this runs.
 */
export function createReminderJob(options: ReminderJobOptions): Job<ReminderJobReport> {
  const lookbackMs = options.lookbackMs ?? 24 * 3600_000;
  const batchSize = options.batchSize ?? 500;
  const [sweepHour, sweepMinute] = (options.contactCycleSweepAt ?? '08:50').split(':').map(Number) as [number, number];

  async function sweepContactCycles(tenants: DigestTenant[], now: Date, report: ReminderJobReport): Promise<void> {
    for (const { tenantId, timezone, stages } of tenants) {
      const local = DateTime.fromJSDate(now, { zone: timezone });
      if (local.hour * 60 + local.minute < sweepHour * 60 + sweepMinute) continue;
      const key = `contact-cycle:${String(tenantId)}:${dayContaining(now, timezone).key}`;
      if (await isMarkedDone(key)) continue;
      const sweep = await createContactCycleReminders({ tenantId, timezone, stages, now });
      report.cycleRemindersCreated += sweep.created;
      await markDone(key, now);
    }
  }

  async function deliverDue(tenants: Map<string, DigestTenant>, now: Date, report: ReminderJobReport): Promise<void> {
    const minuteEnd = DateTime.fromJSDate(now).startOf('minute').plus({ minutes: 1 }).toJSDate();
    const due = await Reminder.find({
      status: 'open',
      notifiedAt: null,
      dueAt: { $gte: new Date(now.getTime() - lookbackMs), $lt: minuteEnd },
    })
      .sort({ dueAt: 1 })
      .limit(batchSize)
      .lean();
    const { staffById, customerById } = await loadReminderParties(due);
    for (const reminder of due) {
      const tenant = tenants.get(String(reminder.tenantId));
      if (!tenant) continue;
      const staff = staffById.get(partyKey(reminder.tenantId, reminder.staffId));
      const customer = reminder.customerId ? (customerById.get(partyKey(reminder.tenantId, reminder.customerId)) ?? null) : null;
      if (!staff?.active) continue;
      if (!stillWorthSending(reminder, customer, tenant.stages)) {
        const cancelled = await Reminder.findOneAndUpdate(
          { _id: reminder._id, status: 'open', notifiedAt: null },
          { $set: { status: 'cancelled' } },
          { new: true },
        ).lean();
        if (cancelled) {
          await recordAudit(systemActor(reminder.tenantId, 'job'), {
            action: 'reminder.cancel',
            entity: 'reminder',
            entityId: reminder._id,
            before: reminder,
            after: cancelled,
          });
          report.cancelled++;
        }
        continue;
      }
      await options.outbox.enqueue(
        {
          tenantId: String(reminder.tenantId),
          platform: options.defaultChannel,
          to: { type: 'user', platformUserId: platformUserIdOf(staff, options.defaultChannel) },
          body: reminderMessageBody({
            text: reminder.text,
            dueAt: reminder.dueAt,
            timezone: tenant.timezone,
            customer: customer ? { name: customer.name, code: customer.code } : null,
            origin: reminder.origin,
          }),
          dedupeKey: `reminder:${String(reminder._id)}`,
        },
        // Sent at its due second, not at the start of the minute.
        { notBefore: reminder.dueAt > now ? reminder.dueAt : now, now: () => now },
      );
      const marked = await Reminder.updateOne({ _id: reminder._id, notifiedAt: null }, { $set: { notifiedAt: now } });
      if (marked.modifiedCount === 1) report.enqueued++;
    }
  }

  return {
    name: 'reminders',
    async run({ now }) {
      const report: ReminderJobReport = { enqueued: 0, cancelled: 0, cycleRemindersCreated: 0 };
      const tenants = (await Tenant.find({}, { timezone: 1, stages: 1 }).lean()).map(digestTenantOf);
      try {
        await sweepContactCycles(tenants, now, report);
      } catch (error) {
        // Delivery of due reminders must not wait for a failing sweep; the sweep retries next minute.
        options.logger?.error({ err: error }, 'contact-cycle sweep failed');
      }
      await deliverDue(new Map(tenants.map((t) => [String(t.tenantId), t])), now, report);
      return report;
    },
  };
}

const partyKey = (tenantId: Types.ObjectId, id: Types.ObjectId | null | undefined) => `${String(tenantId)}:${String(id)}`;

/**
 * The staff to notify and the customers the reminders are about, for a whole batch: two queries
 * per tenant (ids by $in, only the fields the delivery reads) instead of two per reminder.
 */
async function loadReminderParties(
  reminders: Array<{ tenantId: Types.ObjectId; staffId?: Types.ObjectId | null; customerId?: Types.ObjectId | null }>,
) {
  const byTenant = new Map<string, { tenantId: Types.ObjectId; staffIds: Types.ObjectId[]; customerIds: Types.ObjectId[] }>();
  for (const r of reminders) {
    const key = String(r.tenantId);
    const group = byTenant.get(key) ?? { tenantId: r.tenantId, staffIds: [], customerIds: [] };
    byTenant.set(key, group);
    if (r.staffId) group.staffIds.push(r.staffId);
    if (r.customerId) group.customerIds.push(r.customerId);
  }
  const groups = [...byTenant.values()];
  const [staffRows, customerRows] = await Promise.all([
    Promise.all(
      groups.map(({ tenantId, staffIds }) =>
        Staff.find({ tenantId, _id: { $in: staffIds } }, { tenantId: 1, userId: 1, dingtalkUserId: 1, active: 1 }).lean(),
      ),
    ),
    Promise.all(
      groups.map(({ tenantId, customerIds }) =>
        customerIds.length === 0
          ? Promise.resolve([])
          : Customer.find(
              { tenantId, _id: { $in: customerIds } },
              { tenantId: 1, name: 1, code: 1, stage: 1, deletedAt: 1, contactCycleDays: 1, lastContactAt: 1, createdAt: 1 },
            ).lean(),
      ),
    ),
  ]);
  return {
    staffById: new Map(staffRows.flat().map((s) => [partyKey(s.tenantId, s._id), s])),
    customerById: new Map(customerRows.flat().map((c) => [partyKey(c.tenantId, c._id), c])),
  };
}
