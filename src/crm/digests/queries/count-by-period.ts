import type { Model } from 'mongoose';
import type { Period } from '../period.js';

/**
 * Counts documents per consecutive period in one pass ($bucket on the date field), aligned with
 * `periods` (oldest first, each ending where the next starts). The caller's match should lead with
 * the fields of an index ending in `dateField`.
 */
export async function countByPeriod<T>(
  model: Model<T>,
  match: Record<string, unknown>,
  dateField: string,
  periods: Period[],
): Promise<number[]> {
  if (periods.length === 0) return [];
  const boundaries = [...periods.map((p) => p.start), periods.at(-1)!.end];
  const rows = await model.aggregate<{ _id: Date; count: number }>([
    { $match: { ...match, [dateField]: { $gte: boundaries[0], $lt: boundaries.at(-1) } } },
    { $bucket: { groupBy: `$${dateField}`, boundaries, output: { count: { $sum: 1 } } } },
  ]);
  const byStart = new Map(rows.map((r) => [new Date(r._id).getTime(), r.count]));
  return periods.map((p) => byStart.get(p.start.getTime()) ?? 0);
}
