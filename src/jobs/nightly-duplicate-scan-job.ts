import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { scanDuplicates } from '../crm/dedupe/scan-duplicates.js';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

/** After 04:10 local time, once per local date: the duplicate scan of the tenant (idempotent upserts). */
export function nightlyDuplicateScanJob(options: { tenantId: Types.ObjectId; timezone: string; logger?: Pick<Logger, 'info'> }): Job {
  return {
    name: 'nightly-duplicate-scan',
    async run({ now }) {
      const local = DateTime.fromJSDate(now, { zone: options.timezone });
      if (local.hour * 60 + local.minute < 4 * 60 + 10) return { status: 'not_due' };
      const key = `duplicate-scan:${String(options.tenantId)}:${local.toISODate()}`;
      if (await isMarkedDone(key)) return { status: 'already_ran' };
      const report = await scanDuplicates(options.tenantId, now);
      await markDone(key, now);
      options.logger?.info(report, 'nightly duplicate scan done');
      return { status: 'ran', ...report };
    },
  };
}
