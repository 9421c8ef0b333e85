import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { nightlyArchiveName, pruneNightlyArchives } from '../db/backup/nightly-archives.js';
import { writeBackup } from '../db/backup/write-backup.js';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';

export interface NightlyBackupOptions {
  dir: string;
  keepDays: number;
  timezone: string;
  /** Local time of day the backup becomes due (default 03:40, after the nightly WeCom sync). */
  hour?: number;
  minute?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Once the local time passes 03:40, the scheduler's leader writes the day's archive into `dir`
 * (one per local date: an existing archive for today means done, also after a restart) and then
 * removes archives older than `keepDays`. With several instances the archive lands on the disk of
 * whichever instance holds the lease that night.
 */
export function nightlyBackupJob(options: NightlyBackupOptions): Job {
  const hour = options.hour ?? 3;
  const minute = options.minute ?? 40;
  return {
    name: 'nightly-backup',
    async run({ now }) {
      const local = DateTime.fromJSDate(now, { zone: options.timezone });
      if (local.hour * 60 + local.minute < hour * 60 + minute) return { status: 'not_due' };
      const today = local.toISODate() ?? '';
      const file = path.join(options.dir, nightlyArchiveName(today));
      if (await exists(file)) return { status: 'already_ran', file };
      const db = mongoose.connection.db;
      if (!db) throw new Error('the nightly backup needs a connected database');
      await mkdir(options.dir, { recursive: true });
      const started = Date.now();
      const manifest = await writeBackup(db, file, { now });
      const removed = await pruneNightlyArchives(options.dir, today, options.keepDays);
      const documents = manifest.collections.reduce((sum, c) => sum + c.count, 0);
      options.logger?.info({ file, documents, ms: Date.now() - started, removed }, 'nightly backup written');
      return { status: 'ran', file, documents, removed };
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
