import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { Tenant } from '../crm/models/tenant.js';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

/** One piece of a tenant's nightly analytics (RFM segments, model retraining and scoring). */
export interface NightlyAnalyticsStep {
  name: string;
  run(tenant: { tenantId: Types.ObjectId; timezone: string }, now: Date): Promise<Record<string, unknown>>;
}

/** Local time after which a tenant's nightly analytics run: quiet hours, before the morning digests. */
const DUE_MINUTES = 3 * 60 + 30;

/**
 * After 03:30 in each tenant's own time zone, once per local date and step: the tenant's nightly
 * analytics. Runs on the leader under the job lease; every step is idempotent (a crash before its
 * marker repeats it), and a lost lease stops between steps.
 */
export function nightlyAnalyticsJob(options: { name: string; steps: readonly NightlyAnalyticsStep[]; logger?: Pick<Logger, 'info'> }): Job {
  return {
    name: options.name,
    async run({ now, stillLeader }) {
      const ran: Record<string, unknown>[] = [];
      const tenants = await Tenant.find({}, { timezone: 1 }).lean<{ _id: Types.ObjectId; timezone?: string }[]>();
      for (const t of tenants) {
        const timezone = t.timezone ?? 'Asia/Shanghai';
        const local = DateTime.fromJSDate(now, { zone: timezone });
        if (local.hour * 60 + local.minute < DUE_MINUTES) continue;
        for (const step of options.steps) {
          const key = `analytics:${step.name}:${String(t._id)}:${local.toISODate()}`;
          if (await isMarkedDone(key)) continue;
          if (!(await stillLeader())) return { status: 'lost_lease', ran };
          const report = await step.run({ tenantId: t._id, timezone }, now);
          await markDone(key, now);
          options.logger?.info({ tenantId: String(t._id), step: step.name, ...report }, 'nightly analytics step done');
          ran.push({ tenantId: String(t._id), step: step.name, ...report });
        }
      }
      return { status: ran.length ? 'ran' : 'not_due', ran };
    },
  };
}
