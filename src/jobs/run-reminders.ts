import { DateTime } from 'luxon';
import type { DigestChannel } from '../crm/digests/digest-subscription.js';
import type { DigestTenant } from '../crm/digests/digest-tenant.js';
import { listDigestTenants } from '../crm/digests/list-digest-tenants.js';
import { dayContaining } from '../crm/digests/period.js';
import { subscriptionChannels } from '../crm/digests/subscription-channels.js';
import { platformUserIdOf } from '../crm/staff/platform-user-id-of.js';
import { cancelMootReminder } from '../crm/reminders-delivery/cancel-moot-reminder.js';
import { createCareReminders } from '../crm/reminders-delivery/create-care-reminders.js';
import { createContactCycleReminders } from '../crm/reminders-delivery/create-contact-cycle-reminders.js';
import { createMoneyReminders } from '../crm/reminders-delivery/create-money-reminders.js';
import { listDueReminders } from '../crm/reminders-delivery/list-due-reminders.js';
import { loadReminderParties } from '../crm/reminders-delivery/load-reminder-parties.js';
import { markReminderNotified } from '../crm/reminders-delivery/mark-reminder-notified.js';
import { reminderNoticeLines } from '../crm/reminders-delivery/reminder-notice-lines.js';
import { stillWorthSending } from '../crm/reminders-delivery/still-worth-sending.js';
import type { Logger } from '../logger.js';
import type { MessageRenderers } from '../messaging/message-renderers.js';
import type { Outbox } from '../queue/outbox/create-outbox.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

export interface ReminderJobOptions {
  defaultChannel: DigestChannel;
  outbox: Pick<Outbox, 'enqueue'>;
  /** The reminder is rendered by the recipient's platform. */
  renderers: Pick<MessageRenderers, 'for'>;
  /** Local time after which the day's contact-cycle reminders are created (not :00 or :30), for tenants without working hours. */
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
  /** Contract-end and installment (due, overdue) reminders made by the day's money sweep. */
  moneyRemindersCreated: number;
  /** After-sale care reminders (per customer level, counted from the first signed contract). */
  careRemindersCreated: number;
}

/**
 * Every minute on the leader: reminders due within this minute go to the outbox (not before their
 * due second) and are marked notified; once a day per tenant, contact cycles become reminders, and
 * so do contracts ending soon and installments due or overdue (see createMoneyReminders).
 * Exactly once: the outbox key `reminder:<id>` stores one message however often this runs.
 */
export function createReminderJob(options: ReminderJobOptions): Job<ReminderJobReport> {
  const lookbackMs = options.lookbackMs ?? 24 * 3600_000;
  const batchSize = options.batchSize ?? 500;
  const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const defaultSweep = minutesOf(options.contactCycleSweepAt ?? '08:50');
  // A tenant with working hours gets its reminders 10 minutes before its day starts (09:00 → 08:50).
  const sweepMinuteOf = (tenant: DigestTenant) => (tenant.workdayStart ? Math.max(0, minutesOf(tenant.workdayStart) - 10) : defaultSweep);

  /** Once per tenant and local day, after the sweep time: work that turns due dates into reminders. */
  async function sweepDaily(name: string, tenants: DigestTenant[], now: Date, work: (tenant: DigestTenant) => Promise<number>): Promise<number> {
    let created = 0;
    for (const tenant of tenants) {
      const local = DateTime.fromJSDate(now, { zone: tenant.timezone });
      if (local.hour * 60 + local.minute < sweepMinuteOf(tenant)) continue;
      const key = `${name}:${String(tenant.tenantId)}:${dayContaining(now, tenant.timezone).key}`;
      if (await isMarkedDone(key)) continue;
      created += await work(tenant);
      await markDone(key, now);
    }
    return created;
  }

  async function deliverDue(tenants: Map<string, DigestTenant>, now: Date, report: ReminderJobReport): Promise<void> {
    const due = await listDueReminders({ now, lookbackMs, limit: batchSize });
    const parties = await loadReminderParties(due);
    // Each person's reminders go where their digests go (their subscription's channel), else the default.
    const channels = new Map<string, Map<string, DigestChannel>>();
    for (const tenantId of new Set(due.map((r) => String(r.tenantId)))) {
      const ofTenant = due.filter((r) => String(r.tenantId) === tenantId);
      channels.set(tenantId, await subscriptionChannels(ofTenant[0]!.tenantId, [...new Map(ofTenant.map((r) => [String(r.staffId), r.staffId])).values()]));
    }
    for (const reminder of due) {
      const tenant = tenants.get(String(reminder.tenantId));
      if (!tenant) continue;
      const staff = parties.staffOf(reminder);
      const customer = parties.customerOf(reminder);
      if (!staff?.active) continue;
      if (!stillWorthSending(reminder, customer, tenant.stages)) {
        if (await cancelMootReminder(reminder)) report.cancelled++;
        continue;
      }
      const channel = channels.get(String(reminder.tenantId))?.get(String(reminder.staffId)) ?? options.defaultChannel;
      await options.outbox.enqueue(
        {
          tenantId: String(reminder.tenantId),
          platform: channel,
          to: { type: 'user', platformUserId: platformUserIdOf(staff, channel) },
          body: options.renderers.for(channel).notice(
            reminderNoticeLines({
              text: reminder.text,
              dueAt: reminder.dueAt,
              timezone: tenant.timezone,
              customer: customer ? { name: customer.name, code: customer.code } : null,
              origin: reminder.origin,
            }),
          ),
          dedupeKey: `reminder:${String(reminder._id)}`,
        },
        // Sent at its due second, not at the start of the minute.
        { notBefore: reminder.dueAt > now ? reminder.dueAt : now, now: () => now },
      );
      if (await markReminderNotified(reminder, now)) report.enqueued++;
    }
  }

  return {
    name: 'reminders',
    async run({ now }) {
      const report: ReminderJobReport = { enqueued: 0, cancelled: 0, cycleRemindersCreated: 0, moneyRemindersCreated: 0, careRemindersCreated: 0 };
      const tenants = await listDigestTenants();
      // Delivery of due reminders must not wait for a failing sweep; a failed sweep retries next minute.
      const sweeps: [string, (t: DigestTenant) => Promise<number>, keyof ReminderJobReport][] = [
        ['contact-cycle', async ({ tenantId, timezone, stages }) => (await createContactCycleReminders({ tenantId, timezone, stages, now })).created, 'cycleRemindersCreated'],
        ['money-reminders', async ({ tenantId, timezone }) => (await createMoneyReminders({ tenantId, timezone, now })).created, 'moneyRemindersCreated'],
        ['care-cycle', async ({ tenantId, timezone }) => (await createCareReminders({ tenantId, timezone, now })).created, 'careRemindersCreated'],
      ];
      for (const [name, work, figure] of sweeps) {
        try {
          report[figure] += await sweepDaily(name, tenants, now, work);
        } catch (error) {
          options.logger?.error({ err: error, sweep: name }, 'reminder sweep failed');
        }
      }
      await deliverDue(new Map(tenants.map((t) => [String(t.tenantId), t])), now, report);
      return report;
    },
  };
}
