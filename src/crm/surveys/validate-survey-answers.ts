import { InvalidInput } from '../../errors.js';
import type { SurveyItem } from './survey-template-model.js';

export type AnswerValue = number | string | string[];
export interface SurveyAnswer {
  key: string;
  value: AnswerValue;
}

/** Answers as they arrive: JSON (`{ speed: 4 }`) or a form post (`speed=4`, repeated keys for multiple choice). */
export type RawAnswers = Record<string, unknown>;

const RANGE = { scale5: [1, 5], nps: [0, 10] } as const;
const TEXT_MAX = 2000;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks answers against the template version being answered: every required item answered,
 * numbers whole and in range, choices among the options, no unknown items. Every problem is
 * reported at once as `answers.<item key>`; nothing is written by the caller on a problem.
 */
export function validateSurveyAnswers(items: readonly SurveyItem[], raw: RawAnswers): SurveyAnswer[] {
  const problems: { path: string; message: string }[] = [];
  const answers: SurveyAnswer[] = [];
  const known = new Set(items.map((i) => i.key));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) problems.push({ path: `answers.${key}`, message: 'not an item of this survey' });
  }
  for (const item of items) {
    const value = raw[item.key];
    const path = `answers.${item.key}`;
    if (isBlank(value)) {
      if (item.required) problems.push({ path, message: 'required' });
      continue;
    }
    const parsed = parseAnswer(item, value);
    if (typeof parsed === 'string' && parsed.startsWith('!')) problems.push({ path, message: parsed.slice(1) });
    else answers.push({ key: item.key, value: parsed });
  }
  if (problems.length > 0) {
    throw new InvalidInput(`invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  return answers;
}

/** The stored value, or a problem as a string starting with `!`. */
function parseAnswer(item: SurveyItem, value: unknown): AnswerValue {
  switch (item.type) {
    case 'scale5':
    case 'nps': {
      const [min, max] = RANGE[item.type];
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n) || n < min || n > max) return `!must be a whole number from ${min} to ${max}`;
      return n;
    }
    case 'single': {
      if (typeof value !== 'string' || !item.options.some((o) => o.key === value)) return `!must be one of ${item.options.map((o) => o.key).join(', ')}`;
      return value;
    }
    case 'multiple': {
      const picked = Array.isArray(value) ? value : [value];
      if (!picked.every((v) => typeof v === 'string' && item.options.some((o) => o.key === v))) {
        return `!must be some of ${item.options.map((o) => o.key).join(', ')}`;
      }
      return [...new Set(picked as string[])];
    }
    case 'text': {
      if (typeof value !== 'string') return '!must be text';
      const text = value.trim();
      if (text.length > TEXT_MAX) return `!must be at most ${TEXT_MAX} characters`;
      return text;
    }
  }
}
