import { Types } from 'mongoose';
import type { StageDefinition } from '../models/tenant.js';
import { closedStageKeys, header } from './digest-helpers.js';
import type { DigestTeam } from './digest-team.js';
import type { MorningItem, MorningList } from './digest-types.js';
import { dayContaining } from './period.js';
import { listOpenReminders } from './queries/list-open-reminders.js';
import { listOverdueCustomers } from './queries/list-overdue-customers.js';

/** Reminders older than this are no longer listed every morning (they stay in the reminder list). */
const REMINDER_LOOKBACK_DAYS = 30;
const LIST_LIMIT = 30;

/**
 * A salesperson's list for the day: follow-ups due today or earlier and open reminders due
 * today or earlier, overdue ones first. Only their own customers and reminders.
 */
export async function buildMorningList(input: {
  team: DigestTeam;
  stages: StageDefinition[];
  asOf: Date;
  timezone: string;
}): Promise<MorningList> {
  const { team, stages, asOf, timezone } = input;
  const today = dayContaining(asOf, timezone);
  const me = new Types.ObjectId(team.recipient.id);
  const lookback = new Date(today.start.getTime() - REMINDER_LOOKBACK_DAYS * 86_400_000);
  const [customers, reminders] = await Promise.all([
    listOverdueCustomers(team.tenantId, today.end, [me], closedStageKeys(stages)),
    listOpenReminders(team.tenantId, { start: lookback, end: today.end }, [me]),
  ]);
  const listed = new Set(customers.map((c) => c.customerId));
  const items: MorningItem[] = [
    ...customers.map((c) => ({
      type: 'follow_up' as const,
      customerCode: c.code,
      customerName: c.name,
      text: null,
      dueAt: c.nextFollowUpAt.toISOString(),
      overdue: c.nextFollowUpAt < today.start,
    })),
    // A contact-cycle reminder for a customer already on the list would say the same thing twice.
    ...reminders
      .filter((r) => !(r.origin === 'contact_cycle' && r.customerId && listed.has(r.customerId)))
      .map((r) => ({
        type: 'reminder' as const,
        customerCode: null,
        customerName: r.customerName,
        text: r.text,
        dueAt: r.dueAt.toISOString(),
        overdue: r.dueAt < today.start,
      })),
  ].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
  const overdueCount = items.filter((i) => i.overdue).length;
  return {
    ...header('morning', team, today, asOf),
    items: items.slice(0, LIST_LIMIT),
    overdueCount,
    todayCount: items.length - overdueCount,
  };
}
