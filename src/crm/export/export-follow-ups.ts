import { DateTime } from 'luxon';
import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { calendarDateSchema } from '../calendar-date.js';
import { objectIdString } from '../customers/customer-input.js';
import { Activity, FOLLOW_UP_CHANNELS, type ActivityRecord } from '../models/activity.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { getTenant } from '../tenants/get-tenant.js';
import { parseInput } from '../../parse-input.js';
import { exportLookups } from './export-lookups.js';
import { assertMayExport } from './may-export.js';
import { inBatches, type PreparedExport, streamTableExport } from './stream-table-export.js';

export const exportFollowUpsSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    /** Calendar dates in the company's time zone, both included. */
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
    channel: z.enum(FOLLOW_UP_CHANNELS).optional(),
    authorId: objectIdString.optional(),
    customerId: objectIdString.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });
export type ExportFollowUpsInput = z.input<typeof exportFollowUpsSchema>;

const HEADER = ['时间 Time', '客户编号 Customer code', '客户 Customer', '方式 Channel', '内容 Content', '跟进人 By', '来源 Source'];

/** Follow-ups on the customers the caller may see, oldest first. */
export async function prepareFollowUpExport(actor: Actor, rawInput: ExportFollowUpsInput): Promise<PreparedExport> {
  const input = parseInput(exportFollowUpsSchema, rawInput);
  await assertMayExport(actor, 'activities');
  const { format, ...filters } = input;
  const zone = (await getTenant(actor.tenantId)).timezone ?? 'Asia/Shanghai';
  const scope = await customerRecordScopeFilter(actor);
  const conditions: FilterQuery<ActivityRecord>[] = [{ tenantId: scope.tenantId, type: 'follow_up' }];
  // Activities have no owner of their own: they are visible through their customer.
  if (scope.$or) conditions.push({ $or: scope.$or.filter((c) => 'customerId' in c) });
  const at: Record<string, Date> = {};
  if (filters.from) at.$gte = DateTime.fromISO(filters.from, { zone }).startOf('day').toJSDate();
  if (filters.to) at.$lt = DateTime.fromISO(filters.to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
  if (Object.keys(at).length > 0) conditions.push({ at });
  if (filters.channel) conditions.push({ channel: filters.channel });
  if (filters.authorId) conditions.push({ authorId: new Types.ObjectId(filters.authorId) });
  if (filters.customerId) conditions.push({ customerId: new Types.ObjectId(filters.customerId) });
  return {
    format,
    name: 'follow-ups',
    run: (output) => {
      const activities = Activity.find({ $and: conditions }).sort({ at: 1, _id: 1 }).lean().cursor({ batchSize: 500 });
      const rows = inBatches(activities, async (batch) => {
        const { customers, staff } = await exportLookups(actor.tenantId, batch);
        return batch.map((a) => [
          a.at, customers.get(String(a.customerId))?.code ?? null, customers.get(String(a.customerId))?.name ?? null, a.channel ?? null,
          a.content ?? null, a.authorId ? (staff.get(String(a.authorId)) ?? null) : null, a.source,
        ]);
      });
      return streamTableExport(actor, { format, sheetName: 'Follow-ups', header: HEADER, rows, auditEntity: 'follow_up_export', filters }, output);
    },
  };
}
