import { DateTime } from 'luxon';
import { pruneAuditLog } from '../crm/audit/prune-audit-log.js';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

/** After 03:40 local time, once per local date (under the job lease): each tenant's audit retention applied. */
export function nightlyAuditRetentionJob(options: { timezone: string; logger?: Pick<Logger, 'info'> }): Job {
  return {
    name: 'nightly-audit-retention',
    async run({ now }) {
      const local = DateTime.fromJSDate(now, { zone: options.timezone });
      if (local.hour * 60 + local.minute < 3 * 60 + 40) return { status: 'not_due' };
      const key = `audit-retention:${local.toISODate()}`;
      if (await isMarkedDone(key)) return { status: 'already_ran' };
      const report = await pruneAuditLog(now);
      await markDone(key, now);
      options.logger?.info(report, 'nightly audit retention done');
      return { status: 'ran', ...report };
    },
  };
}
