import { Types } from 'mongoose';
import { Activity } from '../models/activity.js';
import { Customer } from '../models/customer.js';
import type { DigestTenant } from './build-digest.js';
import type { DashboardView } from './dashboard-view.js';
import { calendarDaysBetween, closedStageKeys, followUpStats, memberName, teamOnly } from './digest-helpers.js';
import { resolveDigestTeam, type RecipientStaff } from './digest-team.js';
import { dayContaining, periodsEndingWith, weekContaining } from './period.js';
import { countByPeriod } from './queries/count-by-period.js';
import { countFollowUpsByAuthor } from './queries/count-follow-ups-by-author.js';
import { countStageFunnel } from './queries/count-stage-funnel.js';
import { listOverdueCustomers } from './queries/list-overdue-customers.js';
import { listStageMoves } from './queries/list-stage-moves.js';
import type { StaffSelection } from './queries/owner-filter.js';

const TREND_WEEKS = 8;
export const DASHBOARD_OVERDUE_LIMIT = 20;

/**
 * What the manager dashboard draws, for the viewer's team (departments, or the tenant for an
 * admin): the funnel now, this week's follow-ups per rep, an 8-week trend and the overdue list.
 * Who may see it is decided by the caller (the route requires dashboard.view).
 */
export async function buildDashboardView(input: {
  tenant: DigestTenant;
  viewer: RecipientStaff;
  now: Date;
}): Promise<DashboardView> {
  const { tenant, viewer, now } = input;
  const team = await resolveDigestTeam(viewer);
  const selection: StaffSelection = team.wholeTenant ? 'all' : [...team.memberIds].map((id) => new Types.ObjectId(id));
  const tz = tenant.timezone;
  const week = weekContaining(now, tz);
  const weeks = periodsEndingWith(week, TREND_WEEKS);
  const trendRange = { start: weeks[0]!.start, end: week.end };
  const wonStages = new Set(tenant.stages.filter((s) => s.won).map((s) => s.key));
  const owners = selection === 'all' ? {} : { ownerId: { $in: selection } };

  const [funnelRows, followUps, followUpTrend, newTrend, moves, overdue] = await Promise.all([
    countStageFunnel(tenant.tenantId, selection),
    countFollowUpsByAuthor(tenant.tenantId, week, selection),
    countByPeriod(
      Activity,
      { tenantId: tenant.tenantId, type: 'follow_up', ...(selection === 'all' ? {} : { authorId: { $in: selection } }) },
      'at',
      weeks,
    ),
    countByPeriod(Customer, { tenantId: tenant.tenantId, deletedAt: null, ...owners }, 'createdAt', weeks),
    listStageMoves(tenant.tenantId, trendRange, selection),
    listOverdueCustomers(tenant.tenantId, dayContaining(now, tz).start, selection, closedStageKeys(tenant.stages)),
  ]);

  const perStage = new Map<string, number>();
  for (const row of teamOnly(team, funnelRows, (r) => r.ownerId)) perStage.set(row.stage, (perStage.get(row.stage) ?? 0) + row.count);
  const reps = followUpStats(team, followUps);
  const wonPerWeek = weeks.map((w) => moves.filter((m) => wonStages.has(m.to) && m.at >= w.start && m.at < w.end).length);
  const overdueInTeam = teamOnly(team, overdue, (r) => r.ownerId);

  return {
    generatedAt: now.toISOString(),
    timezone: tz,
    scope: { departments: team.departments, wholeTenant: team.wholeTenant, staffCount: team.members.size },
    period: { key: week.key, start: week.start.toISOString(), end: week.end.toISOString() },
    funnel: tenant.stages.map((s) => ({ key: s.key, name: s.name, count: perStage.get(s.key) ?? 0, closed: s.closed, won: s.won })),
    followUpsPerRep: reps.reps.map((r) => ({ staffId: r.staffId, name: r.name, count: r.count })),
    teamAverage: reps.teamAverage,
    trend: weeks.map((w, i) => ({
      key: w.key,
      start: w.start.toISOString(),
      followUps: followUpTrend[i] ?? 0,
      newCustomers: newTrend[i] ?? 0,
      won: wonPerWeek[i] ?? 0,
    })),
    overdue: overdueInTeam.slice(0, DASHBOARD_OVERDUE_LIMIT).map((o) => ({
      customerId: o.customerId,
      code: o.code,
      name: o.name,
      ownerId: o.ownerId,
      ownerName: memberName(team, o.ownerId),
      nextFollowUpAt: o.nextFollowUpAt.toISOString(),
      daysOverdue: calendarDaysBetween(o.nextFollowUpAt, now, tz),
    })),
    overdueTotal: overdueInTeam.length,
  };
}
