import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { satisfactionFigures, type ScoredAnswer } from '../surveys/satisfaction-figures.js';
import { SurveyResponse } from '../surveys/survey-response-model.js';

/**
 * Each staff member's satisfaction average (weighted 1–5 answers) over a period of local days, the
 * figure survey analysis shows; people without answers are absent. Reads the period's responses of
 * these people (tenantId, submittedAt index): survey answers have no rollup.
 */
export async function satisfactionByStaff(
  tenant: { tenantId: Types.ObjectId; timezone: string },
  staffIds: readonly Types.ObjectId[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const start = DateTime.fromISO(from, { zone: tenant.timezone }).startOf('day').toJSDate();
  const end = DateTime.fromISO(to, { zone: tenant.timezone }).plus({ days: 1 }).startOf('day').toJSDate();
  const responses = await SurveyResponse.find({ tenantId: tenant.tenantId, staffId: { $in: staffIds }, submittedAt: { $gte: start, $lt: end } }, { staffId: 1, scores: 1 }).lean();
  const answers = new Map<string, ScoredAnswer[]>();
  for (const r of responses) answers.set(String(r.staffId), [...(answers.get(String(r.staffId)) ?? []), ...(r.scores as ScoredAnswer[])]);
  const averages = new Map<string, number>();
  for (const [id, list] of answers) {
    const { average } = satisfactionFigures(list);
    if (average !== null) averages.set(id, average);
  }
  return averages;
}
