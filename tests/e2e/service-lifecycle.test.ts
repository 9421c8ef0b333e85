import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { freePort } from '../support/free-port.js';
import { isAlive } from '../support/spawn-fixture.js';

// `npm start` as an operator runs it: SIGTERM to npm (or to its process group) must stop the whole
// service — node and the embedded Java server — and free the data file for the next start; a
// second instance on the same DATA_DIR must say in one sentence who holds it.

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-lifecycle-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
  /** Descendants seen while it ran (they may have been re-parented since). */
  known: number[];
}
const started: Started[] = [];
afterEach(() => {
  // Never leave a service behind, whatever the test did.
  for (const s of started.splice(0)) for (const pid of [s.child.pid!, ...s.known, ...descendants(s.child.pid!)]) kill(pid, 'SIGKILL');
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** Every process below pid, whichever process group it is in (the Java server has its own). */
function descendants(pid: number): number[] {
  let table: string;
  try {
    table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

function startNpm(port: number): Started {
  let output = '';
  // detached: its own process group, like a shell job, so the test can signal the group.
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      DATA_DIR: dataDir,
      JWT_SECRET: 'lifecycle-test-secret-0123456789abcdef',
      LOG_LEVEL: 'info',
      WORKERS_ENABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const s: Started = { child, port, output: () => output, exited, known: [] };
  started.push(s);
  return s;
}

async function waitReady(s: Started): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const ready = await fetch(`http://127.0.0.1:${s.port}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return;
    if (s.child.exitCode !== null) throw new Error(`service exited: ${s.output()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`service not ready in 120 s: ${s.output()}`);
}

async function allGone(pids: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter(isAlive);
  }
  return alive;
}

test('SIGTERM to npm stops node and the embedded server within seconds; a second instance meanwhile is refused in one sentence; the next start succeeds', async () => {
  const first = startNpm(await freePort());
  await waitReady(first);
  const tree = [first.child.pid!, ...descendants(first.child.pid!)];
  first.known.push(...tree);
  const javaPids = tree.filter((pid) => execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim() === 'java');
  expect(javaPids).toHaveLength(1);

  // A second instance on the same DATA_DIR while the first runs.
  const second = startNpm(await freePort());
  const code = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]);
  expect(code).toBe(1);
  const lines = second.output().split('\n').filter((l) => l.includes('ChatCRM cannot start'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path.join(dataDir, 'chatcrm.mv'));
  expect(lines[0]).toMatch(/in use by another ChatCRM \(pid \d+/);
  const ownerPid = Number(/pid (\d+)/.exec(lines[0]!)![1]);
  expect(tree).toContain(ownerPid);
  expect(second.output()).not.toMatch(/\bat org\.h2\.|MVStoreException/);

  kill(first.child.pid!, 'SIGTERM');
  expect(await allGone(tree, 10_000)).toEqual([]);
  expect(first.output()).toContain('"msg":"stopped"');

  const third = startNpm(first.port);
  await waitReady(third);
  const thirdTree = [third.child.pid!, ...descendants(third.child.pid!)];
  third.known.push(...thirdTree);
  kill(-third.child.pid!, 'SIGTERM'); // the whole process group, like Ctrl-C in a terminal
  expect(await allGone(thirdTree, 10_000)).toEqual([]);
  // The group signal did not kill Java before the service was done with it: the stop ran to its end.
  expect(third.output()).toContain('"msg":"stopped"');
  expect(third.output()).not.toContain('exited unexpectedly');
}, 300_000);
