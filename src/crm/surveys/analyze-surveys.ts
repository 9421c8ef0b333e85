import { DateTime } from 'luxon';
import type { FilterQuery, Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { staffNames } from '../customers/customer-view.js';
import { parseInput } from '../../parse-input.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import { getTenant } from '../tenants/get-tenant.js';
import { satisfactionFigures, type SatisfactionFigures, type ScoredAnswer } from './satisfaction-figures.js';
import { surveyAnalysisSchema, type SurveyAnalysisInput, type SurveyGrouping } from './survey-analysis-input.js';
import { SurveyResponse, type SurveyResponseRecord } from './survey-response-model.js';
import { SurveyTemplate } from './survey-template-model.js';

export interface AnalysisRow extends SatisfactionFigures {
  key: string;
  label: string;
  responses: number;
}

export interface StaffAgainstDepartment {
  staffId: string;
  name: string;
  department: string;
  average: number | null;
  nps: number | null;
  responses: number;
  departmentAverage: number | null;
  departmentNps: number | null;
  departmentResponses: number;
  /** The staff member's average minus their department's; positive is better than the team. */
  difference: number | null;
}

export interface SurveyAnalysis {
  from: string;
  to: string;
  templateKey: string | null;
  groupBy: SurveyGrouping;
  overall: SatisfactionFigures & { responses: number };
  rows: AnalysisRow[];
  staffVsDepartment: StaffAgainstDepartment[];
  /** By ISO week (Monday) in the tenant's time zone. */
  trend: (SatisfactionFigures & { weekStart: string; responses: number })[];
}

type Response = Pick<SurveyResponseRecord, 'staffId' | 'departments' | 'scores' | 'submittedAt' | 'templateKey'> & { _id: Types.ObjectId };

const DEFAULT_DAYS = 90;
const answersOf = (responses: readonly Response[]): ScoredAnswer[] => responses.flatMap((r) => r.scores as ScoredAnswer[]);

/** Groups responses (a response may fall in several groups: one per department). */
function groupResponses(responses: readonly Response[], keysOf: (r: Response) => string[]): Map<string, Response[]> {
  const groups = new Map<string, Response[]>();
  for (const r of responses) for (const key of keysOf(r)) groups.set(key, [...(groups.get(key) ?? []), r]);
  return groups;
}

const figuresRow = (key: string, label: string, responses: readonly Response[], answers = answersOf(responses)): AnalysisRow => ({
  key,
  label,
  responses: responses.length,
  ...satisfactionFigures(answers),
});

/**
 * Satisfaction over a period: per item, category, staff member or department, each staff member
 * against their department's average, NPS, and a weekly trend. Rows cover the staff the actor may
 * see (resolve-data-scope); a department's average is the whole department's, so a salesperson sees
 * where they stand without seeing colleagues' rows.
 */
export async function analyzeSurveys(actor: Actor, rawInput: SurveyAnalysisInput, now = new Date()): Promise<SurveyAnalysis> {
  const input = parseInput(surveyAnalysisSchema, rawInput);
  const zone = (await getTenant(actor.tenantId)).timezone ?? 'Asia/Shanghai';
  const to = input.to ? DateTime.fromISO(input.to, { zone }) : DateTime.fromJSDate(now, { zone });
  const from = input.from ? DateTime.fromISO(input.from, { zone }) : to.minus({ days: DEFAULT_DAYS - 1 });
  const period: FilterQuery<SurveyResponseRecord> = {
    tenantId: actor.tenantId,
    submittedAt: { $gte: from.startOf('day').toJSDate(), $lte: to.endOf('day').toJSDate() },
    ...(input.templateKey ? { templateKey: input.templateKey } : {}),
  };
  const visible = await visibleStaffIds(actor);
  const projection = { staffId: 1, departments: 1, scores: 1, submittedAt: 1, templateKey: 1 };
  const responses: Response[] = await SurveyResponse.find(visible === 'all' ? period : { ...period, staffId: { $in: visible } }, projection).lean();
  const departments = [...new Set(responses.flatMap((r) => r.departments))];
  // The departments' own averages include colleagues outside the actor's scope: only the aggregate is shown.
  const departmentResponses: Response[] =
    visible === 'all' || departments.length === 0 ? responses : await SurveyResponse.find({ ...period, departments: { $in: departments } }, projection).lean();
  const names = await staffNames(actor.tenantId, responses.map((r) => r.staffId));

  const byDepartment = groupResponses(departmentResponses, (r) => r.departments);
  const departmentFigures = new Map([...byDepartment].map(([d, rs]) => [d, { ...satisfactionFigures(answersOf(rs)), responses: rs.length }]));
  const staffVsDepartment: StaffAgainstDepartment[] = [];
  for (const [pair, rs] of groupResponses(responses, (r) => r.departments.map((d) => `${String(r.staffId)}\u0000${d}`))) {
    const [staffId, department] = pair.split('\u0000') as [string, string];
    const mine = satisfactionFigures(answersOf(rs));
    const team = departmentFigures.get(department)!;
    staffVsDepartment.push({
      staffId,
      name: names.get(staffId) ?? '?',
      department,
      average: mine.average,
      nps: mine.nps,
      responses: rs.length,
      departmentAverage: team.average,
      departmentNps: team.nps,
      departmentResponses: team.responses,
      difference: mine.average !== null && team.average !== null ? Math.round((mine.average - team.average) * 100) / 100 : null,
    });
  }
  staffVsDepartment.sort((a, b) => a.department.localeCompare(b.department) || (b.average ?? -1) - (a.average ?? -1));

  const weeks = groupResponses(responses, (r) => [DateTime.fromJSDate(r.submittedAt, { zone }).startOf('week').toISODate()!]);
  const trend = [...weeks]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([weekStart, rs]) => ({ weekStart, responses: rs.length, ...satisfactionFigures(answersOf(rs)) }));

  return {
    from: from.toISODate()!,
    to: to.toISODate()!,
    templateKey: input.templateKey ?? null,
    groupBy: input.groupBy,
    overall: { responses: responses.length, ...satisfactionFigures(answersOf(responses)) },
    rows: await rowsBy(actor, input.groupBy, responses, names),
    staffVsDepartment,
    trend,
  };
}

async function rowsBy(actor: Actor, groupBy: SurveyGrouping, responses: Response[], names: Map<string, string>): Promise<AnalysisRow[]> {
  if (groupBy === 'staff') {
    return [...groupResponses(responses, (r) => [String(r.staffId)])].map(([id, rs]) => figuresRow(id, names.get(id) ?? '?', rs));
  }
  if (groupBy === 'department') {
    return [...groupResponses(responses, (r) => r.departments)].map(([d, rs]) => figuresRow(d, d, rs)).sort((a, b) => a.key.localeCompare(b.key));
  }
  // Items and categories: group the answers themselves; a response counts once per group it answered.
  const keyOf = (r: Response, s: Response['scores'][number]) => (groupBy === 'item' ? `${r.templateKey}.${s.item}` : (s.category ?? ''));
  const groups = new Map<string, { answers: ScoredAnswer[]; responses: Set<string> }>();
  for (const r of responses) {
    for (const s of r.scores) {
      // Items without a category (typically NPS) belong to no category row.
      if (groupBy === 'category' && !s.category) continue;
      const key = keyOf(r, s);
      const group = groups.get(key) ?? { answers: [], responses: new Set<string>() };
      group.answers.push(s as ScoredAnswer);
      group.responses.add(String(r._id));
      groups.set(key, group);
    }
  }
  const labels = groupBy === 'item' ? await itemLabels(actor, [...new Set(responses.map((r) => r.templateKey))]) : new Map<string, string>();
  return [...groups]
    .map(([key, g]) => ({ key, label: labels.get(key) ?? key, responses: g.responses.size, ...satisfactionFigures(g.answers) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** `<template>.<item>` → its label in the newest version that has it. */
async function itemLabels(actor: Actor, templateKeys: string[]): Promise<Map<string, string>> {
  const versions = await SurveyTemplate.find({ tenantId: actor.tenantId, key: { $in: templateKeys } }, { key: 1, version: 1, items: 1 }).sort({ version: 1 }).lean();
  const labels = new Map<string, string>();
  for (const t of versions) for (const item of t.items) labels.set(`${t.key}.${item.key}`, item.label.zh);
  return labels;
}
