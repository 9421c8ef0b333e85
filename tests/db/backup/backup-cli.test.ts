import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../support/test-db.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../..');

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;
const restoredDb = `t_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  database = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'backup-cli-'));
  const db = mongoose.connection.db!;
  await db.collection('customers').insertMany(Array.from({ length: 120 }, (_, i) => ({ name: `客户${i}`, at: new Date(i) })));
  await db.collection('activities').insertMany(Array.from({ length: 45 }, (_, i) => ({ n: i })));
});
afterAll(async () => {
  await mongoose.connection.useDb(restoredDb).dropDatabase().catch(() => {});
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs an npm script's entry point as `npm run <name> -- …` would, against one database of the test server. */
async function cli(script: string, args: string[], dbName: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'scripts', script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, MONGODB_URI: `${database.uri.replace(/\/+$/, '')}/${dbName}`, DATA_DIR: dir, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each case runs the CLI as a child process (tsx start-up is seconds on a busy machine).
describe('npm run backup / npm run restore', { timeout: 180_000 }, () => {
  const archive = () => path.join(dir, 'cli.tar');

  it('backup --out writes an archive and says what is in it', async () => {
    const result = await cli('backup.ts', ['--out', archive()], database.dbName);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customers\s+120 documents/);
    expect(result.stdout).toMatch(/backup written to .*cli\.tar: \d+ collections, \d+ documents/);
  });

  it('restore into an empty database, then refuses it without --force and replaces it with --force', async () => {
    const first = await cli('restore.ts', [archive()], restoredDb);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/customers\s+120 documents/);
    expect(first.stdout).toMatch(/counts match the manifest/);
    const restored = mongoose.connection.useDb(restoredDb);
    expect(await restored.collection('customers').countDocuments()).toBe(120);
    expect(await restored.collection('activities').countDocuments()).toBe(45);

    await restored.collection('customers').insertOne({ name: 'added after the restore' });
    const again = await cli('restore.ts', [archive()], restoredDb);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/restore refused: the database .* is not empty .*--force.*nothing was changed/);
    expect(await restored.collection('customers').countDocuments()).toBe(121);

    const forced = await cli('restore.ts', [archive(), '--force'], restoredDb);
    expect(forced.code).toBe(0);
    expect(await restored.collection('customers').countDocuments()).toBe(120);
  });

  it('a corrupted archive is refused before anything changes', async () => {
    const bytes = await readFile(archive());
    const at = bytes.length - 2_000;
    bytes[at] = bytes[at]! ^ 0xff;
    const bad = path.join(dir, 'corrupted.tar');
    await writeFile(bad, bytes);
    const restored = mongoose.connection.useDb(restoredDb);
    await restored.collection('customers').insertOne({ name: 'still here' });
    const result = await cli('restore.ts', [bad, '--force'], restoredDb);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/restore refused: .*corrupted\.tar is (damaged|not a readable ChatCRM backup).*nothing was changed/);
    expect(await restored.collection('customers').countDocuments({ name: 'still here' })).toBe(1);
  });

  it('usage errors exit 2', async () => {
    expect((await cli('backup.ts', [], database.dbName)).code).toBe(2);
    expect((await cli('restore.ts', [], database.dbName)).code).toBe(2);
    expect((await cli('restore.ts', ['--bogus', archive()], database.dbName)).stderr).toMatch(/usage: npm run restore -- FILE \[--force\]/);
  });
});
