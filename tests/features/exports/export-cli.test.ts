import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../../src/crm/models/customer.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { ensureDefaultTenant } from '../../../src/crm/tenants/ensure-default-tenant.js';
import { useTestDatabase } from '../../support/test-db.js';
import { runExportCli } from '../../support/run-export-cli.js';

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;

beforeAll(async () => {
  database = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'export-cli-'));
  const tenant = await ensureDefaultTenant();
  const [lei, mei] = await Staff.create([
    { tenantId: tenant._id, userId: 'lilei', name: '李雷' },
    { tenantId: tenant._id, userId: 'hanmeimei', name: '韩梅梅' },
  ]);
  const customer = (i: number, ownerId: Types.ObjectId, tags: string[]) => ({
    tenantId: tenant._id, code: `C${String(i).padStart(5, '0')}`, name: `客户${i}`, stage: 'lead', ownerId, tags, searchText: `客户${i}`,
  });
  await Customer.insertMany([customer(1, lei!._id, ['VIP']), customer(2, lei!._id, []), customer(3, mei!._id, ['VIP'])]);
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runExportCli(database, dir, args);

test('npm run export -- --out FILE --format csv with filters writes the matching customers', async () => {
  const file = path.join(dir, 'vip.csv');
  const result = await cli(['--out', file, '--format', 'csv', '--tag', 'VIP', '--owner', 'lilei']);
  expect(result.out).toMatch(/^1 customers exported to .*vip\.csv \(csv\)/m);
  expect(result.code).toBe(0);
  const lines = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines.map((line) => line.split(',')[0])).toEqual(['编号 Code', 'C00001']);

  const all = await cli(['--out', path.join(dir, 'all.xlsx')]);
  expect(all.out).toMatch(/^3 customers exported to .*all\.xlsx \(xlsx\)/m);

  const followUps = await cli(['--out', path.join(dir, 'f.csv'), '--entity', 'follow-ups', '--from', '2026-01-01']);
  expect(followUps.out).toMatch(/^0 follow-ups exported to .*f\.csv \(csv\)/m);
}, 180_000);

test('bad arguments: a clear message and exit 2', async () => {
  const format = await cli(['--out', path.join(dir, 'x.pdf'), '--format', 'pdf']);
  expect(format.code).toBe(2);
  expect(format.out).toMatch(/export refused: .*format/);
  const owner = await cli(['--out', path.join(dir, 'x.csv'), '--owner', 'nobody']);
  expect(owner.code).toBe(2);
  expect(owner.out).toContain('no staff member with user id nobody');
  expect((await cli([])).code).toBe(2);
  const entity = await cli(['--out', path.join(dir, 'x.csv'), '--entity', 'invoices']);
  expect(entity.code).toBe(2);
  expect(entity.out).toContain('--entity: one of customers, deals, contracts, follow-ups');
  const date = await cli(['--out', path.join(dir, 'x.csv'), '--entity', 'follow-ups', '--from', '2026-13-01']);
  expect(date.code).toBe(2);
  expect(date.out).toMatch(/export refused: .*from/);
}, 180_000);
