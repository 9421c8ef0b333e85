import { z } from 'zod';
import { templateKeySchema } from './survey-template-input.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const SURVEY_GROUPINGS = ['item', 'category', 'staff', 'department'] as const;
export type SurveyGrouping = (typeof SURVEY_GROUPINGS)[number];

/** GET /api/surveys/analysis: days in the tenant's time zone, both inclusive. */
export const surveyAnalysisSchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    templateKey: templateKeySchema.optional(),
    groupBy: z.enum(SURVEY_GROUPINGS).default('item'),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type SurveyAnalysisInput = z.input<typeof surveyAnalysisSchema>;
