import { formatMoney } from '../money.js';
import { countBetween, lastBefore, type CustomerHistory } from './customer-history.js';

export type ModelKind = 'churn' | 'win';

const DAY = 86_400_000;
/** Days since contact are capped: beyond a year "silent" says it all. */
const MAX_DAYS = 365;
const TREND_DAYS = 90;

export const CHURN_FEATURES = ['daysSinceContact', 'followUpTrend', 'followUps90', 'openTickets', 'surveyScore'] as const;
export const WIN_FEATURES = ['daysSinceContact', 'followUpTrend', 'stageAgeDays', 'amount', 'dealAgeDays', 'openTickets', 'surveyScore'] as const;
export type FeatureKey = (typeof CHURN_FEATURES)[number] | (typeof WIN_FEATURES)[number];

export const FEATURES: Record<ModelKind, readonly FeatureKey[]> = { churn: CHURN_FEATURES, win: WIN_FEATURES };

/** A subject's customer-side facts as of an instant; NaN where unknown (imputed with the training mean). */
export interface CustomerFacts {
  daysSinceContact: number;
  followUpTrend: number;
  followUps90: number;
  openTickets: number;
  surveyScore: number;
}

const EMPTY: CustomerHistory = { followUps: [], engagements: [], surveys: [] };

/**
 * - daysSinceContact: days since the last follow-up before `asOf` (since creation when none), capped at a year;
 * - followUpTrend: ln((follow-ups in the last 90 days + 1) / (in the 90 days before + 1)) — below 0 is a drop;
 * - followUps90: follow-ups in the last 90 days;
 * - openTickets: unresolved tickets now (0 when the tenant has no tickets collection);
 * - surveyScore: the latest answered survey's score before `asOf`, NaN when none.
 */
export function customerFacts(history: CustomerHistory | undefined, createdAt: number, asOf: number, openTickets: number): CustomerFacts {
  const h = history ?? EMPTY;
  const last = lastBefore(h.followUps, asOf) ?? Math.min(createdAt, asOf);
  const recent = countBetween(h.followUps, asOf - TREND_DAYS * DAY, asOf);
  const before = countBetween(h.followUps, asOf - 2 * TREND_DAYS * DAY, asOf - TREND_DAYS * DAY);
  let survey = Number.NaN;
  for (const s of h.surveys) if (s.at < asOf) survey = s.score;
  return {
    daysSinceContact: Math.min(MAX_DAYS, Math.floor((asOf - last) / DAY)),
    followUpTrend: Math.log((recent + 1) / (before + 1)),
    followUps90: recent,
    openTickets,
    surveyScore: survey,
  };
}

export interface DealFacts extends CustomerFacts {
  stageAgeDays: number;
  /** log10 of the amount in major units + 1: money spans orders of magnitude. */
  amount: number;
  dealAgeDays: number;
}

export interface DealLike {
  id: string;
  amount: number;
  currency: string;
  createdAt: number;
}

/** The deal's facts as of `asOf` (its close for a closed deal, now for an open one). */
export function dealFacts(deal: DealLike, stageMoves: readonly number[] | undefined, customer: CustomerFacts, asOf: number): DealFacts {
  const sinceStage = lastBefore(stageMoves ?? [], asOf) ?? deal.createdAt;
  return {
    ...customer,
    stageAgeDays: Math.max(0, Math.floor((asOf - sinceStage) / DAY)),
    amount: Math.log10(Math.max(0, deal.amount) / 100 + 1),
    dealAgeDays: Math.max(0, Math.floor((asOf - deal.createdAt) / DAY)),
  };
}

export function featureVector(kind: ModelKind, facts: CustomerFacts | DealFacts): number[] {
  return FEATURES[kind].map((key) => (facts as unknown as Record<string, number>)[key] ?? Number.NaN);
}

/** A feature in words, for the reasons shown beside a score. */
export function describeFeature(key: FeatureKey, value: number, context: { amount?: number; currency?: string } = {}): string {
  switch (key) {
    case 'daysSinceContact':
      return value >= MAX_DAYS ? '一年以上未联系' : value === 0 ? '今天刚联系' : `${value} 天未联系`;
    case 'followUpTrend':
      return value < -0.1 ? '跟进频率下降' : value > 0.1 ? '跟进频率上升' : '跟进频率平稳';
    case 'followUps90':
      return `近 90 天跟进 ${value} 次`;
    case 'openTickets':
      return value === 0 ? '没有未解决工单' : `${value} 个未解决工单`;
    case 'surveyScore':
      return Number.isNaN(value) ? '没有满意度评分' : `满意度 ${value} 分`;
    case 'stageAgeDays':
      return `当前阶段已停留 ${value} 天`;
    case 'amount':
      return context.amount !== undefined && context.currency ? `金额 ${formatMoney(context.amount, context.currency)}` : '金额';
    case 'dealAgeDays':
      return `商机已持续 ${value} 天`;
  }
}
