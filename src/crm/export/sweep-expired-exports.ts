import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ExportJob } from './export-job-model.js';

/**
 * Deletes the files of exports whose download window has passed and marks them expired.
 * Safe to run on any instance and any number of times.
 */
export async function sweepExpiredExports(directory: string, now = new Date()): Promise<number> {
  const due = await ExportJob.find({ status: 'done', expiresAt: { $lte: now } }, { filePath: 1 }).limit(1000).lean();
  for (const job of due) {
    if (job.filePath) await rm(path.join(directory, job.filePath), { force: true });
    await ExportJob.updateOne({ _id: job._id, status: 'done' }, { $set: { status: 'expired', filePath: null } });
  }
  return due.length;
}
