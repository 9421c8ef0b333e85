import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `DATA_DIR/chatcrm.pid` names the service that has the embedded data file open, so a second
 * instance on the same DATA_DIR can say who holds the file instead of printing H2's stack trace.
 */
const OWNER_FILE = 'chatcrm.pid';

interface Owner {
  pid: number;
  startedAt: string;
  port?: number;
  /** The embedded server the owner started: command-line tools connect there while it runs. */
  mongoUri?: string;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

export function recordDataDirOwner(dataDir: string, owner: Omit<Owner, 'startedAt'>): void {
  writeFileSync(path.join(dataDir, OWNER_FILE), `${JSON.stringify({ ...owner, startedAt: new Date().toISOString() })}\n`);
}

/** Removes the record if it is still ours (a newer owner may have replaced it). */
export function releaseDataDirOwner(dataDir: string, pid: number = process.pid): void {
  if (readOwner(dataDir)?.pid === pid) rmSync(path.join(dataDir, OWNER_FILE), { force: true });
}

function readOwner(dataDir: string): Owner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, startedAt: String(parsed.startedAt), port: parsed.port, mongoUri: typeof parsed.mongoUri === 'string' ? parsed.mongoUri : undefined }
      : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The embedded server of a ChatCRM that is running on this data directory, if one is. */
export function runningEmbeddedServer(dataDir: string): { uri: string; pid: number } | undefined {
  const owner = readOwner(dataDir);
  return owner?.mongoUri && owner.pid !== process.pid && isRunning(owner.pid) ? { uri: owner.mongoUri, pid: owner.pid } : undefined;
}

/** One sentence for a second instance: who holds the data file and what to do. */
export function describeDataFileInUse(dataDir: string, file: string): string {
  const owner = readOwner(dataDir);
  if (owner && owner.pid !== process.pid && isRunning(owner.pid)) {
    const port = owner.port === undefined ? '' : ` on port ${owner.port}`;
    return `ChatCRM cannot start: its data file ${file} is in use by another ChatCRM (pid ${owner.pid}${port}, started ${owner.startedAt}); stop that one first (kill ${owner.pid}) or give this one another DATA_DIR.`;
  }
  return `ChatCRM cannot start: its data file ${file} is locked by another process (no running ChatCRM is recorded in ${path.join(dataDir, OWNER_FILE)}); find it with \`fuser ${file}\`, stop it, or give this one another DATA_DIR.`;
}
