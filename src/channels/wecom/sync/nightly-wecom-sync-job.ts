import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { Conflict } from '../../../errors.js';
import type { Job } from '../../../jobs/job.js';
import type { Logger } from '../../../logger.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';
import { startWecomSync } from './run-wecom-sync.js';
import { WecomSyncRun } from './wecom-sync-run-model.js';

const MAX_TRIES_PER_DAY = 3;

export interface NightlySyncOptions {
  tenantId: Types.ObjectId;
  client: () => WecomApiClient;
  timezone: string;
  /** Local time of day the sync becomes due; away from :00/:30, which WeCom asks callers to avoid. */
  hour?: number;
  minute?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * Runs every minute on the scheduler's leader; once the local time passes 02:17 it runs the day's
 * full sync — once per local date (unique run key), even after a restart or on another instance.
 */
export function nightlyWecomSyncJob(options: NightlySyncOptions): Job {
  const hour = options.hour ?? 2;
  const minute = options.minute ?? 17;
  return {
    name: 'wecom-nightly-sync',
    async run({ now }) {
      const local = DateTime.fromJSDate(now, { zone: options.timezone });
      if (local.hour * 60 + local.minute < hour * 60 + minute) return { status: 'not_due' };
      const runKey = `nightly:${local.toISODate()}`;
      if (await WecomSyncRun.exists({ tenantId: options.tenantId, runKey })) return { status: 'already_ran', runKey };
      const failures = await WecomSyncRun.countDocuments({ tenantId: options.tenantId, runKey: { $regex: `^${runKey}:failed:` } });
      if (failures >= MAX_TRIES_PER_DAY) return { status: 'gave_up', runKey, failures };
      try {
        const { done } = await startWecomSync({ tenantId: options.tenantId, client: options.client(), trigger: 'nightly', runKey });
        const report = await done;
        options.logger?.info({ runKey, contacts: report.contacts, removed: report.removed, ms: report.durationMs }, 'nightly WeCom sync done');
        return { status: 'ran', runKey, contacts: report.contacts };
      } catch (error) {
        if (error instanceof Conflict) return { status: 'skipped', reason: error.message };
        throw error;
      }
    },
  };
}
