import type { Types } from 'mongoose';
import { Activity } from '../../models/activity.js';
import { inSelection, type StaffSelection, type TimeRange } from './owner-filter.js';

/** Follow-ups logged in [start, end), per author. Index: activities {tenantId, type, at}. */
export async function countFollowUpsByAuthor(
  tenantId: Types.ObjectId,
  range: TimeRange,
  authors: StaffSelection,
): Promise<Map<string, number>> {
  const rows = await Activity.aggregate<{ _id: Types.ObjectId | null; count: number }>([
    {
      $match: {
        tenantId,
        type: 'follow_up',
        at: { $gte: range.start, $lt: range.end },
        ...inSelection('authorId', authors),
      },
    },
    { $group: { _id: '$authorId', count: { $sum: 1 } } },
  ]);
  return new Map(rows.filter((r) => r._id).map((r) => [String(r._id), r.count]));
}
