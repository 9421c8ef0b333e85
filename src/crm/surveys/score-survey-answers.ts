import type { SurveyItem } from './survey-template-model.js';
import type { SurveyAnswer } from './validate-survey-answers.js';

export interface SurveyScore {
  item: string;
  type: 'scale5' | 'nps';
  category: string | null;
  weight: number;
  value: number;
}

/** The thresholds that make an answer worth the owner's attention at once. */
export const LOW_SCALE5 = 2;
export const LOW_NPS = 6;

/** The numeric answers with their category and weight, and whether any of them is low. */
export function scoreSurveyAnswers(items: readonly SurveyItem[], answers: readonly SurveyAnswer[]): { scores: SurveyScore[]; low: boolean; lowItems: string[] } {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const scores: SurveyScore[] = [];
  for (const answer of answers) {
    const item = byKey.get(answer.key);
    if (!item || (item.type !== 'scale5' && item.type !== 'nps') || typeof answer.value !== 'number') continue;
    scores.push({ item: item.key, type: item.type, category: item.category ?? null, weight: item.weight, value: answer.value });
  }
  const lowItems = scores.filter((s) => s.value <= (s.type === 'scale5' ? LOW_SCALE5 : LOW_NPS)).map((s) => s.item);
  return { scores, low: lowItems.length > 0, lowItems };
}
