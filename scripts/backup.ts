// `npm run backup -- --out FILE`: one archive of the whole database (embedded server or
// MONGODB_URI): a manifest with counts and SHA-256 checksums, then one gzip file of extended-JSON
// lines per collection. `npm run restore -- FILE` reads it back.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { writeBackup } from '../src/db/backup/write-backup.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

const USAGE = 'usage: npm run backup -- --out FILE';

async function main(): Promise<number> {
  let out: string | undefined;
  try {
    out = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: false }).values.out;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!out) {
    console.error(USAGE);
    return 2;
  }
  const file = out;
  return withToolDatabase('backup', async () => {
    const db = mongoose.connection.db;
    if (!db) throw new Error('not connected');
    const started = Date.now();
    let last = '';
    const manifest = await writeBackup(db, file, {
      onProgress: ({ collection, documents }) => {
        const line = `  ${collection}: ${documents}`;
        if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(last.length)}`);
        last = line;
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\r'.padEnd(last.length + 1) + '\r');
    for (const c of manifest.collections) console.log(`  ${c.name.padEnd(28)} ${String(c.count).padStart(9)} documents`);
    const documents = manifest.collections.reduce((sum, c) => sum + c.count, 0);
    const { size } = await stat(file);
    console.log(
      `backup written to ${file}: ${manifest.collections.length} collections, ${documents} documents, ` +
        `${(size / 1024 / 1024).toFixed(1)} MB, schema ${manifest.schemaVersion}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  });
}

exitWith(main());
