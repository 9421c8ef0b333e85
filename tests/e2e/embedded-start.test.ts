import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { freePort } from '../support/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real entry point with no MONGODB_URI: it must start its own persistent server. */
async function startService(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      DATA_DIR: dataDir,
      ALLOW_DEV_LOGIN: '1',
      JWT_SECRET: 'embedded-start-test-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
      WORKERS_ENABLED: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  for (let i = 0; i < 120; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return { child, output: () => output };
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error(`service not ready in 60 s: ${output}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

test('with no MONGODB_URI the service starts its embedded server, says where the data lives, and keeps data across a restart', async () => {
  const port = await freePort();
  const first = await startService(port);
  expect(first.output()).toContain(path.join(dataDir, 'chatcrm.mv'));
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'persist', role: 'admin' }),
  }).then((r) => r.json() as Promise<{ token: string }>);
  const created = await fetch(`${base}/api/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ name: '重启后还在' }),
  });
  expect(created.status).toBe(201);
  expect(await stop(first.child)).toBe(0);

  const second = await startService(port);
  try {
    const list = await fetch(`${base}/api/customers`, { headers: { authorization: `Bearer ${login.token}` } }).then(
      (r) => r.json() as Promise<{ items: { name: string }[] }>,
    );
    expect(list.items.map((c) => c.name)).toEqual(['重启后还在']);
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
}, 150_000);
