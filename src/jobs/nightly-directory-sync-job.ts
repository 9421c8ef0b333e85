import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { systemActor } from '../crm/actor.js';
import type { DirectorySources } from '../crm/org/directory-sources.js';
import type { DirectoryPlatform } from '../crm/org/directory-snapshot.js';
import { syncDirectory } from '../crm/org/sync-directory.js';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

const MAX_TRIES_PER_DAY = 3;

export interface NightlyDirectorySyncOptions {
  tenantId: Types.ObjectId;
  timezone: string;
  /** The platforms whose app is configured. */
  platforms: DirectoryPlatform[];
  sources: DirectorySources;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * After 03:23 local time (away from :00/:30), once per local date and platform: the directory sync,
 * applied. A failing day is tried again on the next ticks, at most three times.
 */
export function nightlyDirectorySyncJob(options: NightlyDirectorySyncOptions): Job {
  return {
    name: 'nightly-directory-sync',
    async run({ now }) {
      const local = DateTime.fromJSDate(now, { zone: options.timezone });
      if (local.hour * 60 + local.minute < 3 * 60 + 23) return { status: 'not_due' };
      const outcome: Record<string, unknown> = {};
      for (const platform of options.platforms) {
        const key = `directory-sync:${String(options.tenantId)}:${platform}:${local.toISODate()}`;
        if (await isMarkedDone(key)) {
          outcome[platform] = 'already_ran';
          continue;
        }
        let tries = 0;
        while (tries < MAX_TRIES_PER_DAY && (await isMarkedDone(`${key}:failed:${tries + 1}`))) tries++;
        if (tries >= MAX_TRIES_PER_DAY) {
          outcome[platform] = 'gave_up';
          continue;
        }
        try {
          const snapshot = await options.sources.get(platform)(options.tenantId);
          const result = await syncDirectory(systemActor(options.tenantId, 'job'), snapshot, { dryRun: false });
          await markDone(key, now);
          options.logger?.info({ platform, applied: result.applied, warnings: result.warnings }, 'nightly directory sync done');
          outcome[platform] = result.applied;
        } catch (error) {
          await markDone(`${key}:failed:${tries + 1}`, now);
          options.logger?.warn({ platform, err: { message: (error as Error).message } }, 'nightly directory sync failed');
          outcome[platform] = 'failed';
        }
      }
      return { status: 'ran', ...outcome };
    },
  };
}
