import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run import` (scripts/import.ts) against a test database; exit code and what it printed on each stream. */
export async function runImportCli(database: { uri: string; dbName: string }, dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'scripts/import.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, MONGODB_URI: `${database.uri.replace(/\/+$/, '')}/${database.dbName}`, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}
