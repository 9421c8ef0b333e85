import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Customer } from '../../../src/crm/models/customer.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { ensureDefaultTenant } from '../../../src/crm/tenants/ensure-default-tenant.js';
import { xlsxBytes, type Cell } from '../../support/import-fixtures.js';
import { useTestDatabase } from '../../support/test-db.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../..');

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;

beforeAll(async () => {
  database = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'import-cli-'));
  const tenant = await ensureDefaultTenant();
  await Staff.create({ tenantId: tenant._id, userId: 'lily', name: '莉莉', role: 'sales' });
}, 60_000);
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

/** `npm run import -- …` in a child process (no terminal), against this test's database. */
async function importCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'scripts/import.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, MONGODB_URI: `${database.uri.replace(/\/+$/, '')}/${database.dbName}`, DATA_DIR: dir, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const rows: Cell[][] = [
  ['Name', 'Mobile', 'Company'],
  ...Array.from({ length: 1200 }, (_, i): Cell[] => [`命令行客户${i}`, `1350000${String(i).padStart(4, '0')}`, '命令行公司']),
  ['坏号码', 'abc', ''],
  ['命令行客户0 again', '13500000000', ''],
];

it('previews, imports with --yes showing a progress bar, writes the rejected rows, and is idempotent on a re-run', async () => {
  const file = path.join(dir, 'clients.xlsx');
  await writeFile(file, await xlsxBytes(rows));

  const refused = await importCli([file, '--on-duplicate', 'replace']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--on-duplicate must be one of skip, update, merge, create');

  const unasked = await importCli([file, '--owner', 'lily']);
  expect(unasked.code).toBe(1);
  expect(unasked.stdout).toContain('not asking without a terminal: add --yes to import');
  expect(await Customer.countDocuments()).toBe(0);

  const first = await importCli([file, '--yes', '--owner', 'lily', '--on-duplicate', 'merge']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('clients.xlsx: XLSX, header in row 1');
  expect(first.stdout).toMatch(/preview: 1202 rows in [\d.]+ s — 1201 valid, 1 rejected/);
  expect(first.stdout).toContain('new 1200 · duplicates of existing customers 0 · duplicates within the file 1');
  expect(first.stdout).toContain('row 1202: phones: "abc" is not a phone number');
  expect(first.stdout).toMatch(/importing \[#{30}\] 100%  1202\/1202 rows · \d+ rows\/s · ETA 0 s/);
  expect(first.stdout).toMatch(/import [a-f0-9]{24} done: 1202 rows — 1200 created, 0 updated, 1 merged, 0 skipped, 1 rejected/);
  expect(first.stdout).toContain(`rejected rows with their reasons: ${path.join(dir, 'clients-rejected.csv')}`);
  const report = await readFile(path.join(dir, 'clients-rejected.csv'), 'utf-8');
  expect(report).toContain('坏号码,abc,,1202,"phones: ""abc"" is not a phone number"');
  const lily = await Staff.findOne({ userId: 'lily' });
  expect(await Customer.countDocuments({ ownerId: lily!._id })).toBe(1200);

  const again = await importCli([file, '--yes', '--owner', 'lily', '--on-duplicate', 'merge']);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('this file was already imported the same way');
  expect(await Customer.countDocuments()).toBe(1200);
}, 240_000);
