import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

const NIGHTLY_NAME = /^chatcrm-(\d{4}-\d{2}-\d{2})\.tar$/;

/** The nightly archive of a local date: one per day, so a second run that day finds it. */
export function nightlyArchiveName(localDate: string): string {
  return `chatcrm-${localDate}.tar`;
}

/**
 * Removes nightly archives older than `keepDays` days before `today` (a local ISO date). Only
 * files named like nightly archives are touched; anything else in the directory stays.
 */
export async function pruneNightlyArchives(dir: string, today: string, keepDays: number): Promise<string[]> {
  const oldestKept = new Date(`${today}T00:00:00Z`);
  oldestKept.setUTCDate(oldestKept.getUTCDate() - (keepDays - 1));
  const cutoff = oldestKept.toISOString().slice(0, 10);
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const date = NIGHTLY_NAME.exec(name)?.[1];
    if (date && date < cutoff) {
      await rm(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed.sort();
}
