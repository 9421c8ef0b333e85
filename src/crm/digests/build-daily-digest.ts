import type { StageDefinition } from '../models/tenant.js';
import type { DigestFacts } from './digest-facts.js';
import { followUpStats, header, ITEM_LIMIT, memberName, newCustomerStats, stageMoveStats, teamOnly } from './digest-helpers.js';
import { overdueSection, silentSection, ticketBreachSection } from './digest-sections.js';
import { pipelineSection } from './pipeline-section.js';
import { importantUncontactedSection } from './important-uncontacted-section.js';
import { atRiskImportantSection } from './at-risk-important-section.js';
import type { DigestTeam } from './digest-team.js';
import type { DailyDigest } from './digest-types.js';
import { nextPeriod, type Period } from './period.js';

export interface DigestBuildInput {
  team: DigestTeam;
  stages: StageDefinition[];
  /** The day (daily) or week (weekly) reported on. */
  period: Period;
  /** The instant the digest is built for (overdue and silent are "as of" it). */
  asOf: Date;
  facts: DigestFacts;
}

/** A manager's day: new customers, follow-ups per rep, stage moves, overdue, silent, tomorrow's reminders. */
export async function buildDailyDigest({ team, stages, period, asOf, facts }: DigestBuildInput): Promise<DailyDigest> {
  const tz = period.timezone;
  const tomorrow = nextPeriod(period);
  const [followUps, created, moves, overdue, silent, reminders, pipeline, ticketBreaches, important, atRisk] = await Promise.all([
    facts.followUpsByAuthor(period),
    facts.newCustomers(period),
    facts.stageMoves(period),
    overdueSection(team, facts, asOf, tz),
    silentSection(team, facts, asOf, tz),
    facts.reminders(tomorrow),
    pipelineSection(team, facts, period, asOf),
    ticketBreachSection(team, facts, asOf),
    importantUncontactedSection(team, asOf, tz),
    atRiskImportantSection(team),
  ]);
  const dueTomorrow = teamOnly(team, reminders, (r) => r.staffId);
  return {
    ...header('daily', team, period, asOf),
    newCustomers: newCustomerStats(team, created),
    followUps: followUpStats(team, followUps),
    stageMoves: stageMoveStats(team, stages, moves),
    overdue,
    silent,
    remindersTomorrow: {
      total: dueTomorrow.length,
      items: dueTomorrow.slice(0, ITEM_LIMIT).map((r) => ({
        staffName: memberName(team, r.staffId),
        customerName: r.customerName,
        text: r.text,
        dueAt: r.dueAt.toISOString(),
      })),
    },
    ...(pipeline ? { pipeline } : {}),
    ...(ticketBreaches ? { ticketBreaches } : {}),
    ...(important ? { importantUncontacted: important } : {}),
    ...(atRisk ? { atRiskImportant: atRisk } : {}),
  };
}
