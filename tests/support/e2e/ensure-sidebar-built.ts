import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve('mini-app');
const DIST_INDEX = path.join(ROOT, 'dist/index.html');
const LOCK = path.resolve('test-artifacts/.sidebar-build.lock');

async function newestSourceMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSourceMtime(p) : (await stat(p)).mtimeMs);
  }
  return newest;
}

async function isFresh(): Promise<boolean> {
  if (!existsSync(DIST_INDEX)) return false;
  return (await stat(DIST_INDEX)).mtimeMs >= (await newestSourceMtime(ROOT));
}

/**
 * Builds mini-app/dist with Vite when it is missing or older than its sources, so the e2e tests
 * exercise the current code. A directory lock keeps parallel test files from building at once.
 */
export async function ensureSidebarBuilt(): Promise<void> {
  if (await isFresh()) return;
  await mkdir(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`sidebar build lock ${LOCK} held for 2 minutes; remove it if stale`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (await isFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    await rmdir(LOCK).catch(() => {});
  }
}
