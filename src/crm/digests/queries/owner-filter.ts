import type { Types } from 'mongoose';

/** Staff ids a query is limited to, or every member of the tenant (a batch run filters later, in memory). */
export type StaffSelection = Types.ObjectId[] | 'all';

export function inSelection(field: string, ids: StaffSelection): Record<string, unknown> {
  return ids === 'all' ? {} : { [field]: { $in: ids } };
}

export interface TimeRange {
  start: Date;
  end: Date;
}
