import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Customer } from '../../src/crm/models/customer.js';
import { DEMO_CONTACTS, DEMO_CONTACT_NAMES } from '../../scripts/support/seed-demo-contacts.js';
import { freePort } from '../support/free-port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// `npm run seed:demo` as a user runs it (a separate process), then the sidebar's contact API as the
// demo salesperson signs in to it: each of the three contacts leads to its own sidebar path.
const root = path.resolve(import.meta.dirname, '../..');
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', SEED_DEMO_CUSTOMERS: '8' };

function runSeed(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { cwd: root, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function contactPaths(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'liqiang' }),
  }).then((r) => r.json() as Promise<{ token: string }>);
  const get = async (id: string) => {
    const res = await fetch(`${baseUrl}/api/contacts/${id}`, { headers: { authorization: `Bearer ${login.token}` } });
    return { status: res.status, body: (await res.json()) as { contact: { name: string }; customer: { name: string } | null; candidates: { customer: { name: string }; reason: string }[] } };
  };
  return {
    bound: await get(DEMO_CONTACTS.bound),
    candidate: await get(DEMO_CONTACTS.candidate),
    unknown: await get(DEMO_CONTACTS.unknown),
    notSynced: await get(DEMO_CONTACTS.notSynced),
  };
}

function expectEachPath(paths: Awaited<ReturnType<typeof contactPaths>>) {
  expect(paths.bound.status).toBe(200);
  expect(paths.bound.body.customer?.name).toBe(DEMO_CONTACT_NAMES.bound);
  expect(paths.candidate.status).toBe(200);
  expect(paths.candidate.body.customer).toBeNull();
  expect(paths.candidate.body.candidates).toEqual([expect.objectContaining({ customer: expect.objectContaining({ name: DEMO_CONTACT_NAMES.candidate }), reason: 'name' })]);
  expect(paths.unknown.status).toBe(200);
  expect(paths.unknown.body).toMatchObject({ contact: { name: DEMO_CONTACT_NAMES.unknown }, customer: null, candidates: [] });
  expect(paths.notSynced.status).toBe(404);
}

describe('against MONGODB_URI', () => {
  let db: Awaited<ReturnType<typeof useTestDatabase>>;
  let app: TestApp;
  beforeAll(async () => {
    db = await useTestDatabase();
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  test('creates a bound, an unbound-with-candidate and an unknown WeCom contact and prints the URLs to open them', async () => {
    const uri = `${db.uri.replace(/\/$/, '')}/${db.dbName}`;
    const first = await runSeed({ MONGODB_URI: uri, PUBLIC_BASE_URL: 'https://crm.example.com' });
    expect(first.code, first.output).toBe(0);
    for (const id of [DEMO_CONTACTS.bound, DEMO_CONTACTS.candidate, DEMO_CONTACTS.unknown]) {
      expect(first.output).toContain(`https://crm.example.com/sidebar/?devUser=liqiang&externalUserId=${id}`);
    }
    expect(first.output).toContain('https://crm.example.com/sidebar/dashboard.html?devUser=wangjing');

    const contacts = await ExternalContact.find({ externalUserId: { $in: Object.values(DEMO_CONTACTS) } }).lean();
    expect(Object.fromEntries(contacts.map((c) => [c.externalUserId, c.customerId ? 'bound' : 'unbound']))).toEqual({
      [DEMO_CONTACTS.bound]: 'bound',
      [DEMO_CONTACTS.candidate]: 'unbound',
      [DEMO_CONTACTS.unknown]: 'unbound',
    });
    expectEachPath(await contactPaths(app.baseUrl));

    // Again: nothing doubles.
    const customersBefore = await Customer.countDocuments();
    const second = await runSeed({ MONGODB_URI: uri });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('already present');
    expect(await Customer.countDocuments()).toBe(customersBefore);
    expect(await ExternalContact.countDocuments()).toBe(3);
  }, 120_000);
});

describe('while the service runs on the embedded data file', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-seed-'));
  let service: ChildProcess | undefined;
  let output = '';
  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service!.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('seeds through the running service (no MONGODB_URI, same DATA_DIR), which serves the contacts at once', async () => {
    const port = await freePort();
    service = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...baseEnv, PORT: String(port), DATA_DIR: dataDir, ALLOW_DEV_LOGIN: '1', JWT_SECRET: 'seed-demo-test-secret-0123456789abcdef', WORKERS_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    service.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 120; i++) {
      if (await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false)) break;
      if (service.exitCode !== null) throw new Error(`service exited: ${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const seeded = await runSeed({ DATA_DIR: dataDir, PORT: String(port) });
    expect(seeded.code, seeded.output).toBe(0);
    expect(seeded.output).toContain('writing through the running ChatCRM');
    expect(seeded.output).toContain(`http://localhost:${port}/sidebar/?devUser=liqiang&externalUserId=${DEMO_CONTACTS.bound}`);
    expect(service.exitCode).toBeNull();
    expectEachPath(await contactPaths(base));
  }, 150_000);
});
