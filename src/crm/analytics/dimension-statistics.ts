import type { Actor } from '../actor.js';
import { ROLLUP_TOTALS, StatRollup } from '../models/stat-rollup.js';
import { parseInput } from '../../parse-input.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import { dimensionStatisticsSchema, type DimensionStatisticsInput } from './statistics-input.js';

export interface DimensionRow {
  /** The dimension's value ('' for customers without one: 未填写). */
  value: string;
  newCustomers: number;
  /** Moves to a won stage in the period. */
  converted: number;
  /** converted / newCustomers, or null without new customers. */
  conversionRate: number | null;
}

/**
 * New customers and conversions per value of one dimension (来源, 级别, a custom field…) over a
 * period of local days, from the rollups, in the caller's scope (their own, their departments', all).
 */
export async function dimensionStatistics(actor: Actor, raw: DimensionStatisticsInput): Promise<{ dimension: string; from: string; to: string; rows: DimensionRow[] }> {
  const { from, to, dimension } = parseInput(dimensionStatisticsSchema, raw);
  const visible = await visibleStaffIds(actor);
  const match = { tenantId: actor.tenantId, day: { $gte: from, $lte: to }, metric: { $in: ['new_customer', 'converted'] }, dim: { $in: ['', dimension] }, ...(visible === 'all' ? {} : { ownerId: { $in: visible } }) };
  const grouped = await StatRollup.aggregate<{ _id: { metric: string; dim: string; value: string }; count: number }>([
    { $match: match },
    { $group: { _id: { metric: '$metric', dim: '$dim', value: '$value' }, count: ROLLUP_TOTALS.count } },
  ]);
  const byValue = new Map<string, DimensionRow>();
  const row = (value: string) => byValue.get(value) ?? byValue.set(value, { value, newCustomers: 0, converted: 0, conversionRate: null }).get(value)!;
  const totals = { new_customer: 0, converted: 0 };
  for (const g of grouped) {
    const metric = g._id.metric as 'new_customer' | 'converted';
    if (g._id.dim === '') totals[metric] += g.count;
    else row(g._id.value)[metric === 'new_customer' ? 'newCustomers' : 'converted'] += g.count;
  }
  // Facts without a value for this dimension are shown as their own row rather than dropped.
  const known = [...byValue.values()];
  const unset = { newCustomers: totals.new_customer - known.reduce((s, r) => s + r.newCustomers, 0), converted: totals.converted - known.reduce((s, r) => s + r.converted, 0) };
  if (unset.newCustomers > 0 || unset.converted > 0) Object.assign(row(''), unset);
  const rows = [...byValue.values()].map((r) => ({ ...r, conversionRate: r.newCustomers > 0 ? Math.round((r.converted / r.newCustomers) * 10_000) / 10_000 : null }));
  rows.sort((a, b) => b.newCustomers - a.newCustomers || a.value.localeCompare(b.value));
  return { dimension, from, to, rows };
}
