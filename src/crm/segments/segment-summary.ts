import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { RFM_SEGMENTS, type RfmSegment } from './rfm-segments.js';

export interface SegmentSummary {
  /** All eight segments in their fixed order, zero counts included. */
  segments: { segment: RfmSegment; count: number }[];
  /** Customers in scope not scored yet (created since the last run). */
  unscored: number;
  total: number;
}

/** Customers per RFM segment among those the actor may see. */
export async function segmentSummary(actor: Actor): Promise<SegmentSummary> {
  const rows = await Customer.aggregate<{ _id: string | null; n: number }>([
    { $match: await customerScopeFilter(actor) },
    { $group: { _id: '$rfm.segment', n: { $sum: 1 } } },
  ]);
  const counts = new Map(rows.map((r) => [r._id ?? null, r.n]));
  const segments = RFM_SEGMENTS.map((segment) => ({ segment, count: counts.get(segment) ?? 0 }));
  const scored = segments.reduce((s, x) => s + x.count, 0);
  const total = rows.reduce((s, r) => s + r.n, 0);
  return { segments, unscored: total - scored, total };
}
