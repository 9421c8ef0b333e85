import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

/**
 * A MongoDB-wire-compatible server (mongo-java-server) for tests and for the
 * embedded default, so both talk to a real server over TCP. Production uses
 * real MongoDB through MONGODB_URI instead.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const launcherDir = path.join(repoRoot, 'scripts/mongo-server');

export function mongoWireServerLibDir(): string {
  const cacheRoot = process.env.CHATCRM_CACHE_DIR ?? path.join(repoRoot, '.cache');
  return path.join(cacheRoot, 'mongo-server/lib');
}

function isInstalled(libDir: string): boolean {
  return existsSync(libDir) && readdirSync(libDir).some((f) => f.startsWith('mongo-java-server-h2-backend'));
}

/** Fetches the server jars via Maven into the cache folder (idempotent). */
export function ensureMongoWireServerInstalled(log: (line: string) => void = () => {}): string {
  const libDir = mongoWireServerLibDir();
  if (isInstalled(libDir)) return libDir;
  mkdirSync(libDir, { recursive: true });
  log(`installing mongo-java-server into ${libDir} (Maven)…`);
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', path.join(launcherDir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`],
    { stdio: 'inherit' },
  );
  if (result.status !== 0 || !isInstalled(libDir)) {
    throw new Error('could not install mongo-java-server with Maven (is Java 17 + mvn available?)');
  }
  return libDir;
}

export interface MongoWireServer {
  uri: string;
  /** The Java process's id (tests kill it to simulate a crash). */
  pid: number;
  /** Settles when the Java process has exited, however it ended. */
  exited: Promise<MongoWireServerExit>;
  stop(): Promise<void>;
}

export interface MongoWireServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines it wrote to stderr (SLF4J's start-up notice left out): why it died. */
  stderrTail: string[];
}

export interface StartOptions {
  /** H2 file for persistence; in-memory when omitted. */
  file?: string;
  host?: string;
  port?: number;
}

/** The Launcher's exit code when another process holds the H2 file (it prints `LOCKED <file>`). */
const EXIT_FILE_LOCKED = 75;
const STDERR_LINES_KEPT = 20;

/** Another process has the H2 data file open: H2 allows one writer per file. */
export class DataFileLockedError extends Error {
  override name = 'DataFileLockedError';
  constructor(readonly file: string) {
    super(`the data file ${file} is locked by another process`);
  }
}

export async function startMongoWireServer(options: StartOptions = {}): Promise<MongoWireServer> {
  const libDir = ensureMongoWireServerInstalled();
  const args = ['-cp', `${libDir}/*`, path.join(launcherDir, 'Launcher.java'),
    '--host', options.host ?? '127.0.0.1', '--port', String(options.port ?? 0), '--exit-on-stdin-close'];
  if (options.file) {
    mkdirSync(path.dirname(options.file), { recursive: true });
    args.push('--file', options.file);
  }
  // Its own process group (detached): a signal sent to the service's group (Ctrl-C, `kill -TERM -pgid`)
  // must not stop the database before the service has finished with it; the service stops it last.
  // It still dies with the service: it exits when its stdin (our pipe) closes.
  const child = spawn('java', ['-Xss4m', ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const stderrTail: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.startsWith('SLF4J')) return;
    stderrTail.push(line);
    if (stderrTail.length > STDERR_LINES_KEPT) stderrTail.shift();
  });
  const exited = new Promise<MongoWireServerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, stderrTail: [...stderrTail] }));
  });
  const address = await waitForReady(child, exited, options.file);
  return {
    uri: `mongodb://${address}`,
    pid: child.pid!,
    exited,
    stop: () => stopChild(child, exited),
  };
}

function waitForReady(child: ChildProcess, exited: Promise<MongoWireServerExit>, file: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('mongo-java-server did not start within 60 s'));
    }, 60_000);
    lines.on('line', (line) => {
      const match = /^READY (.+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(({ code, signal, stderrTail }) => {
      clearTimeout(timer);
      if (code === EXIT_FILE_LOCKED && file) return reject(new DataFileLockedError(file));
      reject(new Error(`mongo-java-server exited (${signal ?? `code ${code}`}): ${stderrTail.join('\n').slice(0, 2000)}`));
    });
  });
}

function stopChild(child: ChildProcess, exited: Promise<MongoWireServerExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  return exited.then(() => clearTimeout(kill));
}
