import { z } from 'zod';
import { calendarDateSchema } from '../calendar-date.js';
import { STANDARD_DIMENSIONS } from './customer-dimensions.js';

const period = {
  from: calendarDateSchema,
  to: calendarDateSchema,
};
const inOrder = (p: { from: string; to: string }, ctx: z.RefinementCtx) => {
  if (p.to < p.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
};
const format = z.enum(['json', 'csv', 'xlsx']).default('json');

/** A period of calendar days in the tenant's time zone, both ends included. */
export const repStatisticsSchema = z.object({ ...period, format }).strict().superRefine(inOrder);
export type RepStatisticsInput = z.input<typeof repStatisticsSchema>;

export const dimensionStatisticsSchema = z
  .object({
    ...period,
    format,
    dimension: z.union([z.enum(STANDARD_DIMENSIONS), z.string().regex(/^custom\.[\p{L}\p{N}_]{1,40}$/u, 'a standard dimension or custom.<field key>')]),
  })
  .strict()
  .superRefine(inOrder);
export type DimensionStatisticsInput = z.input<typeof dimensionStatisticsSchema>;

export const targetSchema = z
  .object({
    staffId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a staff id'),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
    wonAmount: z.number().int().min(0).max(1e13).optional(),
    followUps: z.number().int().min(0).max(1e6).optional(),
  })
  .strict();
export type TargetInput = z.input<typeof targetSchema>;

/** The funnel takes a period like the rep statistics. */
export const funnelStatisticsSchema = repStatisticsSchema;
export type FunnelStatisticsInput = RepStatisticsInput;
