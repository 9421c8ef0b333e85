import type { Types } from 'mongoose';
import { Activity } from '../models/activity.js';

/** What the models read about a customer's past, as sorted epoch milliseconds. */
export interface CustomerHistory {
  followUps: number[];
  /** Follow-ups, signed contracts, payments and won deals: the customer still doing business. */
  engagements: number[];
  /** Answered surveys with a numeric score, oldest first. */
  surveys: { at: number; score: number }[];
}

export interface TenantHistory {
  customers: Map<string, CustomerHistory>;
  /** Deal id → instants of its stage moves (deal_stage_changed), sorted. */
  dealStageMoves: Map<string, number[]>;
}

const ENGAGEMENT: readonly string[] = ['follow_up', 'contract_signed', 'payment_recorded', 'deal_won'];
const TYPES = [...ENGAGEMENT, 'survey_answered', 'deal_stage_changed'];

/**
 * The timeline facts the churn and win models use, for the whole tenant (training, nightly
 * scoring) or a few customers (scoring on demand), read once and indexed in memory so features
 * "as of" any instant are binary searches.
 */
export async function loadTenantHistory(tenantId: Types.ObjectId, customerIds?: Types.ObjectId[]): Promise<TenantHistory> {
  const customers = new Map<string, CustomerHistory>();
  const dealStageMoves = new Map<string, number[]>();
  const cursor = Activity.find(
    { tenantId, type: { $in: TYPES }, ...(customerIds ? { customerId: { $in: customerIds } } : {}) },
    { customerId: 1, type: 1, at: 1, data: 1 },
  )
    .lean()
    .cursor({ batchSize: 5000 });
  for await (const a of cursor) {
    const at = a.at.getTime();
    const data = (a.data ?? {}) as Record<string, unknown>;
    if (a.type === 'deal_stage_changed' && typeof data.dealId === 'string') {
      const list = dealStageMoves.get(data.dealId) ?? [];
      list.push(at);
      dealStageMoves.set(data.dealId, list);
      continue;
    }
    const key = String(a.customerId);
    let h = customers.get(key);
    if (!h) customers.set(key, (h = { followUps: [], engagements: [], surveys: [] }));
    if (a.type === 'follow_up') h.followUps.push(at);
    if (ENGAGEMENT.includes(a.type)) h.engagements.push(at);
    if (a.type === 'survey_answered') {
      const score = surveyScoreOf(data);
      if (score !== null) h.surveys.push({ at, score });
    }
  }
  for (const h of customers.values()) {
    h.followUps.sort((x, y) => x - y);
    h.engagements.sort((x, y) => x - y);
    h.surveys.sort((x, y) => x.at - y.at);
  }
  for (const list of dealStageMoves.values()) list.sort((x, y) => x - y);
  return { customers, dealStageMoves };
}

/** How many of the sorted instants fall before `t`. */
export function countBefore(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many fall in [from, to). */
export const countBetween = (sorted: readonly number[], from: number, to: number) => countBefore(sorted, to) - countBefore(sorted, from);

/** The last instant before `t`, or null. */
export function lastBefore(sorted: readonly number[], t: number): number | null {
  const i = countBefore(sorted, t);
  return i > 0 ? sorted[i - 1]! : null;
}

/**
 * One 1–5 figure for an answered survey: its 1–5 items as they are and NPS halved (0–10 → 0–5),
 * averaged; a bare `score` (older facts, synthetic data) is taken as it is. Null without numbers.
 */
export function surveyScoreOf(data: Record<string, unknown>): number | null {
  if (typeof data.score === 'number' && Number.isFinite(data.score)) return data.score;
  const scores = Array.isArray(data.scores) ? (data.scores as { type?: unknown; value?: unknown }[]) : [];
  const values = scores.flatMap((s) => (typeof s.value !== 'number' ? [] : s.type === 'scale5' ? [s.value] : s.type === 'nps' ? [s.value / 2] : []));
  if (values.length === 0) return null;
  return Math.round((values.reduce((x, y) => x + y, 0) / values.length) * 10) / 10;
}
