import type { DigestFacts } from './digest-facts.js';
import { calendarDaysBetween, memberName, teamOnly, TOP_LIMIT } from './digest-helpers.js';
import type { DigestTeam } from './digest-team.js';
import type { OverdueItem, SilentItem, TicketBreachItem } from './digest-types.js';
import { dayContaining } from './period.js';

/** Overdue follow-ups as of `asOf`: due before that local day began and not contacted since. */
export async function overdueSection(
  team: DigestTeam,
  facts: DigestFacts,
  asOf: Date,
  timezone: string,
): Promise<{ total: number; top: OverdueItem[] }> {
  const today = dayContaining(asOf, timezone);
  const rows = teamOnly(team, await facts.overdue(today.start), (r) => r.ownerId);
  return {
    total: rows.length,
    top: rows.slice(0, TOP_LIMIT).map((r) => ({
      code: r.code,
      name: r.name,
      ownerName: memberName(team, r.ownerId),
      nextFollowUpAt: r.nextFollowUpAt.toISOString(),
      daysOverdue: calendarDaysBetween(r.nextFollowUpAt, asOf, timezone),
    })),
  };
}

/** Customers silent past their contact cycle at `asOf`, longest silent first. */
export async function silentSection(
  team: DigestTeam,
  facts: DigestFacts,
  asOf: Date,
  timezone: string,
): Promise<{ total: number; top: SilentItem[] }> {
  const rows = teamOnly(team, await facts.silent(asOf), (r) => r.ownerId);
  return {
    total: rows.length,
    top: rows.slice(0, TOP_LIMIT).map((r) => ({
      code: r.code,
      name: r.name,
      ownerName: memberName(team, r.ownerId),
      contactCycleDays: r.contactCycleDays,
      daysSilent: calendarDaysBetween(r.lastContactAt, asOf, timezone),
    })),
  };
}

/** 工单超时: the team's open tickets past their SLA at `asOf`, longest overdue first; null when none. */
export async function ticketBreachSection(team: DigestTeam, facts: DigestFacts, asOf: Date): Promise<{ total: number; top: TicketBreachItem[] } | null> {
  const rows = teamOnly(team, await facts.breachedTickets(asOf), (r) => r.assigneeId);
  if (rows.length === 0) return null;
  return {
    total: rows.length,
    top: rows.slice(0, TOP_LIMIT).map((r) => ({
      number: r.number,
      title: r.title,
      customerName: r.customerName,
      assigneeName: memberName(team, r.assigneeId),
      dueAt: r.dueAt.toISOString(),
      hoursOverdue: Math.floor((asOf.getTime() - r.dueAt.getTime()) / 3600_000),
    })),
  };
}
