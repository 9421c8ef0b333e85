import { z } from 'zod';
import type { FigureKey } from './team-figures.js';

/** The rollup figures a KPI can measure (amounts in 分). */
export const FIGURE_KPI_METRICS = ['followUps', 'newCustomers', 'stageMoves', 'converted', 'dealsWon', 'wonAmount', 'contractsSigned', 'contractAmount', 'paymentAmount'] as const satisfies readonly FigureKey[];
/** …and the satisfaction average (1–5) of the surveys rating the person's work. */
export const KPI_METRICS = [...FIGURE_KPI_METRICS, 'satisfaction'] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];
export const MONEY_METRICS: readonly KpiMetric[] = ['wonAmount', 'contractAmount', 'paymentAmount'];

const kpiSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    category: z.string().trim().max(40).default(''),
    metric: z.enum(KPI_METRICS),
    target: z.number().positive().max(1e13),
    weight: z.number().int().min(1).max(100),
    baseScore: z.number().min(0).max(100),
  })
  .strict();

export const saveKpisSchema = z
  .object({ kpis: z.array(kpiSchema).min(1).max(30) })
  .strict()
  .superRefine((input, ctx) => {
    const sum = input.kpis.reduce((s, k) => s + k.weight, 0);
    if (sum !== 100) ctx.addIssue({ code: 'custom', path: ['kpis'], message: `weights must sum to 100 (they sum to ${sum})` });
    const names = input.kpis.map((k) => k.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'name'], message: `"${name}" is used twice` });
    });
  });
export type SaveKpisInput = z.input<typeof saveKpisSchema>;

export const assessmentSchema = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .strict();
export type AssessmentInput = z.input<typeof assessmentSchema>;
