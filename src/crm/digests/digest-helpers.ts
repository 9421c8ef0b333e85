import { DateTime } from 'luxon';
import type { StageDefinition } from '../models/tenant.js';
import type { DigestTeam } from './digest-team.js';
import type { DigestHeader, DigestPeriodView, FollowUpStats, NewCustomerStats, StageMoveStats } from './digest-types.js';
import type { Period } from './period.js';
import type { NewCustomerCount } from './queries/count-new-customers.js';
import type { StageMove } from './queries/list-stage-moves.js';

/** How many rows a list in a digest keeps (the rendering may show fewer to fit a message). */
export const ITEM_LIMIT = 10;
export const TOP_LIMIT = 5;

export const round1 = (n: number) => Math.round(n * 10) / 10;

export function periodView(period: Period): DigestPeriodView {
  return { key: period.key, start: period.start.toISOString(), end: period.end.toISOString(), timezone: period.timezone };
}

export function header<K extends DigestHeader['kind']>(kind: K, team: DigestTeam, period: Period, asOf: Date) {
  return {
    kind,
    recipient: { id: team.recipient.id, name: team.recipient.name },
    period: periodView(period),
    asOf: asOf.toISOString(),
    scope: { departments: team.departments, wholeTenant: team.wholeTenant, memberCount: team.members.size },
  };
}

/** Whole local calendar days from `from` to `to` (a follow-up due yesterday is 1 day overdue). */
export function calendarDaysBetween(from: Date, to: Date, timezone: string): number {
  const a = DateTime.fromJSDate(from, { zone: timezone }).startOf('day');
  const b = DateTime.fromJSDate(to, { zone: timezone }).startOf('day');
  return Math.round(b.diff(a, 'days').days);
}

export function memberName(team: DigestTeam, staffId: string | null): string {
  return (staffId && team.members.get(staffId)?.name) || '—';
}

export function stageLookup(stages: StageDefinition[]) {
  const byKey = new Map(stages.map((s) => [s.key, s]));
  return {
    name: (key: string) => byKey.get(key)?.name ?? key,
    isWon: (key: string) => byKey.get(key)?.won === true,
  };
}

export function closedStageKeys(stages: StageDefinition[]): string[] {
  return stages.filter((s) => s.closed).map((s) => s.key);
}

/** Follow-ups per rep: active salespeople of the team, plus any member who logged one. */
export function followUpStats(team: DigestTeam, counts: Map<string, number>): FollowUpStats {
  const reps = [...team.members.values()]
    .filter((m) => (m.active && m.role === 'sales') || (counts.get(m.id) ?? 0) > 0)
    .map((m) => ({ staffId: m.id, name: m.name, count: counts.get(m.id) ?? 0 }));
  const total = reps.reduce((sum, r) => sum + r.count, 0);
  const teamAverage = reps.length ? round1(total / reps.length) : 0;
  return {
    total,
    teamAverage,
    reps: reps
      .map((r) => ({ ...r, vsAverage: round1(r.count - teamAverage) }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN')),
  };
}

export function teamOnly<T>(team: DigestTeam, rows: T[], staffOf: (row: T) => string | null): T[] {
  return rows.filter((row) => {
    const id = staffOf(row);
    return id !== null && team.memberIds.has(id);
  });
}

export function newCustomerStats(team: DigestTeam, rows: NewCustomerCount[]): NewCustomerStats {
  const bySource = new Map<string | null, number>();
  for (const row of teamOnly(team, rows, (r) => r.ownerId)) {
    bySource.set(row.source, (bySource.get(row.source) ?? 0) + row.count);
  }
  const list = [...bySource.entries()]
    .map(([source, count]) => ({ source, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        Number(a.source === null) - Number(b.source === null) ||
        String(a.source).localeCompare(String(b.source), 'zh-CN'),
    );
  return { total: list.reduce((s, r) => s + r.count, 0), bySource: list };
}

export function stageMoveStats(team: DigestTeam, stages: StageDefinition[], moves: StageMove[]): StageMoveStats {
  const stage = stageLookup(stages);
  const mine = teamOnly(team, moves, (m) => m.ownerId);
  const items = mine
    .map((m) => ({
      code: m.code,
      name: m.name,
      ownerName: memberName(team, m.ownerId),
      from: stage.name(m.from),
      to: stage.name(m.to),
      won: stage.isWon(m.to),
      at: m.at.toISOString(),
    }))
    // Won deals first; the sort is stable, so each group stays in time order.
    .sort((a, b) => Number(b.won) - Number(a.won));
  return { total: mine.length, won: items.filter((i) => i.won).length, items: items.slice(0, ITEM_LIMIT) };
}
