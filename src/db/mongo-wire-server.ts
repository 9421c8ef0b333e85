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
  stop(): Promise<void>;
}

export interface StartOptions {
  /** H2 file for persistence; in-memory when omitted. */
  file?: string;
  host?: string;
  port?: number;
}

export async function startMongoWireServer(options: StartOptions = {}): Promise<MongoWireServer> {
  const libDir = ensureMongoWireServerInstalled();
  const args = ['-cp', `${libDir}/*`, path.join(launcherDir, 'Launcher.java'),
    '--host', options.host ?? '127.0.0.1', '--port', String(options.port ?? 0), '--exit-on-stdin-close'];
  if (options.file) {
    mkdirSync(path.dirname(options.file), { recursive: true });
    args.push('--file', options.file);
  }
  const child = spawn('java', ['-Xss4m', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const address = await waitForReady(child);
  return {
    uri: `mongodb://${address}`,
    stop: () => stopChild(child),
  };
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!text.startsWith('SLF4J')) stderr.push(text);
    });
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('mongo-java-server did not start within 60 s')), 60_000);
    lines.on('line', (line) => {
      const match = /^READY (.+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mongo-java-server exited with code ${code}: ${stderr.join('').slice(0, 2000)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
