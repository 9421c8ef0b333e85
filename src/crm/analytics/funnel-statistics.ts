import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Activity } from '../models/activity.js';
import { Customer } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { stagesOf } from '../stages.js';
import { getTenant } from '../tenants/get-tenant.js';
import { funnelStatisticsSchema, type FunnelStatisticsInput } from './statistics-input.js';

export interface FunnelStage {
  key: string;
  name: string;
  /** Customers whose furthest stage in the period is this one or a later one. */
  reached: number;
  /** reached of the next stage / reached of this one; null for the last stage or when nobody reached this one. */
  conversion: number | null;
  /** Median of the stays in this stage that ended in the period, in days (one decimal); null without any. */
  medianDays: number | null;
  /** How many ended stays the median is taken over. */
  stays: number;
}

export interface FunnelStatistics {
  from: string;
  to: string;
  timezone: string;
  stages: FunnelStage[];
}

type Step = { customerId: Types.ObjectId; type: string; at: Date; data: { stage?: unknown; from?: unknown; to?: unknown } };

const DAY_MS = 86_400_000;
const STEP_TYPES = ['created', 'stage_changed'];
const PROJECTION = { customerId: 1, type: 1, at: 1, 'data.stage': 1, 'data.from': 1, 'data.to': 1 };

/** The stage a timeline step leaves the customer in. */
const stageAfter = (step: Step): string | null => {
  const stage = step.type === 'created' ? step.data?.stage : step.data?.to;
  return typeof stage === 'string' ? stage : null;
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/**
 * The sales funnel over a period of local days: the tenant's stages in order (lost stages left
 * out), how many customers reached each — a jump from 潜在 to 成交 passes through the stages
 * between — the conversion to the next stage, and the median days a stay in each stage lasted
 * (stays that ended in the period; one that began before the period counts whole).
 *
 * Reads the period's creations and stage moves by (tenantId, type, at), then the earlier steps
 * of the customers that moved, by (tenantId, customerId, at): O(moves in the period and those
 * customers' histories), not O(groups) like the rollup-based statistics, because a stay's length
 * needs the instant it began. Scope: the customers the caller may see.
 */
export async function funnelStatistics(actor: Actor, raw: FunnelStatisticsInput): Promise<FunnelStatistics> {
  const { from, to } = parseInput(funnelStatisticsSchema, raw);
  const tenant = await getTenant(actor.tenantId);
  const timezone = tenant.timezone ?? 'Asia/Shanghai';
  const funnel = stagesOf(tenant).filter((s) => !s.closed || s.won);
  const order = new Map(funnel.map((s, i) => [s.key, i]));
  const start = DateTime.fromISO(from, { zone: timezone }).startOf('day').toJSDate();
  const end = DateTime.fromISO(to, { zone: timezone }).plus({ days: 1 }).startOf('day').toJSDate();

  const inPeriod = await Activity.find({ tenantId: actor.tenantId, type: { $in: STEP_TYPES }, at: { $gte: start, $lt: end } }, PROJECTION).lean<Step[]>();
  const touched = [...new Map(inPeriod.map((s) => [String(s.customerId), s.customerId])).values()];
  const visible = new Set(
    // $and, not a spread: the scope itself may constrain _id (nobody visible).
    (await Customer.find({ $and: [await customerScopeFilter(actor), { _id: { $in: touched } }] }, { _id: 1 }).lean()).map((c) => String(c._id)),
  );

  const furthest = new Map<string, number>();
  for (const step of inPeriod) {
    const index = order.get(stageAfter(step) ?? '');
    const id = String(step.customerId);
    if (index !== undefined && visible.has(id)) furthest.set(id, Math.max(index, furthest.get(id) ?? -1));
  }

  // Stays that ended in the period: each move out of a stage, measured from the step before it.
  const moved = new Set(inPeriod.filter((s) => s.type === 'stage_changed').map((s) => String(s.customerId)));
  const movers = touched.filter((id) => visible.has(String(id)) && moved.has(String(id)));
  const history = movers.length
    ? await Activity.find({ tenantId: actor.tenantId, customerId: { $in: movers }, type: { $in: STEP_TYPES }, at: { $lt: end } }, PROJECTION)
        .sort({ customerId: 1, at: 1, _id: 1 })
        .lean<Step[]>()
    : [];
  const stays = new Map<string, number[]>(funnel.map((s) => [s.key, []]));
  history.forEach((step, i) => {
    const previous = history[i - 1];
    if (step.type !== 'stage_changed' || step.at < start || !previous || !previous.customerId.equals(step.customerId)) return;
    const left = typeof step.data?.from === 'string' ? step.data.from : null;
    // Without the step that began the stay (history older than the timeline) its length is unknown.
    if (left === null || stageAfter(previous) !== left) return;
    stays.get(left)?.push((step.at.getTime() - previous.at.getTime()) / DAY_MS);
  });

  const reached = funnel.map((_, i) => [...furthest.values()].filter((f) => f >= i).length);
  return {
    from,
    to,
    timezone,
    stages: funnel.map((s, i) => ({
      key: s.key,
      name: s.name,
      reached: reached[i]!,
      conversion: i + 1 < funnel.length && reached[i]! > 0 ? Math.round((reached[i + 1]! / reached[i]!) * 10_000) / 10_000 : null,
      medianDays: median(stays.get(s.key)!),
      stays: stays.get(s.key)!.length,
    })),
  };
}
