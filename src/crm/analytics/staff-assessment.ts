import { DateTime } from 'luxon';
import type { Actor } from '../actor.js';
import { parseInput } from '../../parse-input.js';
import { getTenant } from '../tenants/get-tenant.js';
import { assessmentSchema, type AssessmentInput, type KpiMetric } from './assessment-input.js';
import { listKpis, type KpiView } from './assessment-kpis.js';
import { satisfactionByStaff } from './satisfaction-by-staff.js';
import { teamFigures } from './team-figures.js';

/** A KPI scores actual / target × 100, at most this much: overshooting one KPI cannot hide another. */
export const KPI_SCORE_CAP = 120;

export interface KpiScore {
  name: string;
  metric: KpiMetric;
  actual: number;
  /** min(actual / target × 100, KPI_SCORE_CAP), one decimal. */
  score: number;
  /** score ≥ the KPI's base score. */
  passed: boolean;
}

export interface AssessedPerson {
  staffId: string;
  name: string;
  departments: string[];
  kpis: KpiScore[];
  /** Σ score × weight / 100, one decimal. */
  total: number;
  /** total − baseTotal. */
  difference: number;
  passed: boolean;
  /** Average total of the active members of the person's first department; null without one. */
  departmentAverage: number | null;
}

export interface StaffAssessment {
  period: string;
  from: string;
  to: string;
  scoreCap: number;
  kpis: KpiView[];
  /** Σ base score × weight / 100: the total a person passes with. */
  baseTotal: number;
  people: AssessedPerson[];
  departments: { name: string; members: number; averageTotal: number }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function scoresOf(kpis: KpiView[], actualOf: (metric: KpiMetric) => number): { kpis: KpiScore[]; total: number } {
  const scored = kpis.map((k) => {
    const actual = actualOf(k.metric);
    const score = Math.min((actual / k.target) * 100, KPI_SCORE_CAP);
    return { kpi: k, actual, score };
  });
  return {
    kpis: scored.map(({ kpi, actual, score }) => ({ name: kpi.name, metric: kpi.metric, actual, score: round1(score), passed: round1(score) >= kpi.baseScore })),
    total: round1(scored.reduce((s, x) => s + (x.score * x.kpi.weight) / 100, 0)),
  };
}

/**
 * Staff assessment (考核) for a month of local days: each visible person's KPI scores from the
 * rollup figures, their weighted total against the base total, and their first department's
 * average total (every active member, the ones the caller cannot see included). O(people × metrics),
 * plus the month's survey responses of those people when a KPI measures satisfaction.
 */
export async function staffAssessment(actor: Actor, raw: AssessmentInput): Promise<StaffAssessment> {
  const { period } = parseInput(assessmentSchema, raw);
  const from = `${period}-01`;
  const to = DateTime.fromISO(from, { zone: 'UTC' }).endOf('month').toISODate()!;
  const kpis = await listKpis(actor.tenantId);
  const { people, members, departments, figures } = await teamFigures(actor, from, to);
  const satisfaction = kpis.some((k) => k.metric === 'satisfaction')
    ? await satisfactionByStaff({ tenantId: actor.tenantId, timezone: (await getTenant(actor.tenantId)).timezone ?? 'Asia/Shanghai' }, [...people, ...members].map((p) => p._id), from, to)
    : new Map<string, number>();
  // Without a survey answer in the month, satisfaction counts 0: the KPI was not met.
  const totals = new Map([...figures].map(([id, f]) => [id, scoresOf(kpis, (metric) => (metric === 'satisfaction' ? (satisfaction.get(id) ?? 0) : f[metric]))]));
  const baseTotal = round1(kpis.reduce((s, k) => s + (k.baseScore * k.weight) / 100, 0));
  const averages = new Map(
    departments.map((name) => {
      const inDepartment = members.filter((m) => m.departments.includes(name));
      const sum = inDepartment.reduce((s, m) => s + totals.get(String(m._id))!.total, 0);
      return [name, { name, members: inDepartment.length, averageTotal: round1(sum / Math.max(inDepartment.length, 1)) }];
    }),
  );
  return {
    period,
    from,
    to,
    scoreCap: KPI_SCORE_CAP,
    kpis,
    baseTotal,
    people: people.map((p) => {
      const mine = totals.get(String(p._id))!;
      return {
        staffId: String(p._id),
        name: p.name,
        departments: p.departments,
        kpis: mine.kpis,
        total: mine.total,
        difference: round1(mine.total - baseTotal),
        passed: mine.total >= baseTotal,
        departmentAverage: p.departments[0] ? averages.get(p.departments[0])!.averageTotal : null,
      };
    }),
    departments: [...averages.values()],
  };
}
