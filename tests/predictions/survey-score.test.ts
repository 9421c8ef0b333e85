import { expect, test } from 'vitest';
import { surveyScoreOf } from '../../src/crm/predictions/customer-history.js';

test('an answered survey becomes one 1–5 figure for the churn and win models', () => {
  // As the surveys module records it: 1–5 items as they are, NPS halved.
  expect(surveyScoreOf({ low: true, scores: [{ item: 'speed', type: 'scale5', value: 2 }, { item: 'nps', type: 'nps', value: 4 }] })).toBe(2);
  expect(surveyScoreOf({ scores: [{ item: 'a', type: 'scale5', value: 5 }, { item: 'b', type: 'scale5', value: 4 }, { item: 'nps', type: 'nps', value: 9 }] })).toBe(4.5);
  expect(surveyScoreOf({ score: 3 })).toBe(3);
  expect(surveyScoreOf({ scores: [] })).toBeNull();
  expect(surveyScoreOf({})).toBeNull();
});
