import type { DigestBuildInput } from './build-daily-digest.js';
import { followUpStats, header, newCustomerStats, periodView, round1, stageMoveStats, teamOnly } from './digest-helpers.js';
import { overdueSection, silentSection } from './digest-sections.js';
import { pipelineSection } from './pipeline-section.js';
import { importantUncontactedSection } from './important-uncontacted-section.js';
import { atRiskImportantSection } from './at-risk-important-section.js';
import type { WeekOverWeek, WeeklyDigest } from './digest-types.js';
import { previousPeriod } from './period.js';

const TOP_REPS = 3;

function compare(current: number, previous: number): WeekOverWeek {
  return { current, previous, change: round1(current - previous) };
}

/** A manager's week against the week before, the stage funnel now, and the top reps. */
export async function buildWeeklyDigest({ team, stages, period, asOf, facts }: DigestBuildInput): Promise<WeeklyDigest> {
  const tz = period.timezone;
  const before = previousPeriod(period);
  const [followUps, prevFollowUps, created, prevCreated, moves, prevMoves, funnelRows, overdue, silent, pipeline, important, atRisk] = await Promise.all([
    facts.followUpsByAuthor(period),
    facts.followUpsByAuthor(before),
    facts.newCustomers(period),
    facts.newCustomers(before),
    facts.stageMoves(period),
    facts.stageMoves(before),
    facts.funnel(),
    overdueSection(team, facts, asOf, tz),
    silentSection(team, facts, asOf, tz),
    pipelineSection(team, facts, period, asOf),
    importantUncontactedSection(team, asOf, tz),
    atRiskImportantSection(team),
  ]);
  const followUpNow = followUpStats(team, followUps);
  const followUpBefore = followUpStats(team, prevFollowUps);
  const newNow = newCustomerStats(team, created);
  const newBefore = newCustomerStats(team, prevCreated);
  const movesNow = stageMoveStats(team, stages, moves);
  const movesBefore = stageMoveStats(team, stages, prevMoves);

  const perStage = new Map<string, number>();
  for (const row of teamOnly(team, funnelRows, (r) => r.ownerId)) {
    perStage.set(row.stage, (perStage.get(row.stage) ?? 0) + row.count);
  }
  const funnel = stages.map((s) => ({ key: s.key, name: s.name, count: perStage.get(s.key) ?? 0, closed: s.closed, won: s.won }));

  const wonStages = new Set(stages.filter((s) => s.won).map((s) => s.key));
  const wonByOwner = new Map<string, number>();
  for (const m of teamOnly(team, moves, (r) => r.ownerId)) {
    if (wonStages.has(m.to)) wonByOwner.set(m.ownerId, (wonByOwner.get(m.ownerId) ?? 0) + 1);
  }
  const topReps = followUpNow.reps
    .map((r) => ({ staffId: r.staffId, name: r.name, followUps: r.count, won: wonByOwner.get(r.staffId) ?? 0 }))
    .filter((r) => r.followUps > 0 || r.won > 0)
    .sort((a, b) => b.won - a.won || b.followUps - a.followUps || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, TOP_REPS);

  return {
    ...header('weekly', team, period, asOf),
    previousPeriod: periodView(before),
    newCustomers: { ...newNow, previous: newBefore.total },
    followUps: { ...followUpNow, previous: followUpBefore.total },
    stageMoves: { ...movesNow, previousWon: movesBefore.won, previousTotal: movesBefore.total },
    compare: {
      newCustomers: compare(newNow.total, newBefore.total),
      followUps: compare(followUpNow.total, followUpBefore.total),
      won: compare(movesNow.won, movesBefore.won),
      stageMoves: compare(movesNow.total, movesBefore.total),
    },
    funnel,
    topReps,
    overdue,
    silent,
    ...(pipeline ? { pipeline } : {}),
    ...(important ? { importantUncontacted: important } : {}),
    ...(atRisk ? { atRiskImportant: atRisk } : {}),
  };
}
