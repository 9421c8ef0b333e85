import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run export` (scripts/export.ts) against a test database; exit code and all it printed. */
export async function runExportCli(database: { uri: string; dbName: string }, dataDir: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/export.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, MONGODB_URI: `${database.uri.replace(/\/+$/, '')}/${database.dbName}`, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}
