// `npm run restore -- FILE [--force]`: verifies the archive (checksums, counts, schema version)
// before touching anything, then restores it into an empty database — or, with --force, replaces
// what the database holds.
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { BackupArchiveError } from '../src/db/backup/backup-manifest.js';
import { DatabaseNotEmptyError, restoreBackup } from '../src/db/backup/restore-backup.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

const USAGE = 'usage: npm run restore -- FILE [--force]';

async function main(): Promise<number> {
  let file: string | undefined;
  let force = false;
  try {
    const parsed = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
    if (parsed.positionals.length !== 1) throw new Error('name one archive');
    file = parsed.positionals[0];
    force = parsed.values.force ?? false;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!file) return 2;
  const archive = file;
  return withToolDatabase(
    'restore',
    async () => {
      const db = mongoose.connection.db;
      if (!db) throw new Error('not connected');
      const started = Date.now();
      console.log(`verifying ${archive}…`);
      const report = await restoreBackup(db, archive, { force });
      for (const c of report.manifest.collections) console.log(`  ${c.name.padEnd(28)} ${String(report.counts[c.name]).padStart(9)} documents`);
      const documents = Object.values(report.counts).reduce((sum, n) => sum + n, 0);
      console.log(
        `restored ${documents} documents in ${report.manifest.collections.length} collections from the backup of ` +
          `${report.manifest.createdAt} in ${((Date.now() - started) / 1000).toFixed(1)} s; counts match the manifest`,
      );
      return 0;
    },
    (error) =>
      error instanceof BackupArchiveError || error instanceof DatabaseNotEmptyError
        ? { line: `restore refused: ${error.message}; nothing was changed`, code: 1 }
        : undefined,
  );
}

exitWith(main());
