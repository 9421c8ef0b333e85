import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { verifyBackup } from '../../src/db/backup/read-backup.js';
import { freePort } from '../support/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-tools-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

async function startService(port: number): Promise<ChildProcess> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...baseEnv, PORT: String(port), ALLOW_DEV_LOGIN: '1', JWT_SECRET: 'tools-beside-service-secret-0123456789abcdef', WORKERS_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  for (let i = 0; i < 120; i++) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false)) return child;
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error(`service not ready in 60 s: ${output}`);
}

async function backup(out: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['scripts/backup.ts', '--out', out], {
      cwd: root,
      env: baseEnv,
      timeout: 90_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

test('npm run backup works on the embedded default while the service runs (through its server) and after it stopped (opening the file)', async () => {
  const port = await freePort();
  const service = await startService(port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const { token } = await fetch(`${base}/api/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'boss', role: 'admin' }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const created = await fetch(`${base}/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '备份时服务在跑' }),
    });
    expect(created.status).toBe(201);

    const whileRunning = await backup(path.join(dataDir, 'while-running.tar'));
    expect(whileRunning.output).not.toMatch(/in use|locked/);
    expect(whileRunning.code).toBe(0);
    const manifest = await verifyBackup(path.join(dataDir, 'while-running.tar'));
    expect(manifest.collections.find((c) => c.name === 'customers')?.count).toBe(1);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  } finally {
    await new Promise((resolve) => {
      service.once('exit', resolve);
      service.kill('SIGTERM');
    });
  }

  const afterStop = await backup(path.join(dataDir, 'after-stop.tar'));
  expect(afterStop.code).toBe(0);
  expect((await verifyBackup(path.join(dataDir, 'after-stop.tar'))).collections.find((c) => c.name === 'customers')?.count).toBe(1);
}, 200_000);
