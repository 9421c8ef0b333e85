import type { DigestFacts } from './digest-facts.js';
import { calendarDaysBetween, memberName, teamOnly, TOP_LIMIT } from './digest-helpers.js';
import type { DigestTeam } from './digest-team.js';
import type { OverdueItem, SilentItem } from './digest-types.js';
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
