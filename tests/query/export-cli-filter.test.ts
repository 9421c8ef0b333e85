import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { ensureDefaultTenant } from '../../src/crm/tenants/ensure-default-tenant.js';
import { useTestDatabase } from '../support/test-db.js';
import { runExportCli } from '../support/run-export-cli.js';

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;

beforeAll(async () => {
  database = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'export-filter-'));
  const tenant = await ensureDefaultTenant();
  const lei = await Staff.create({ tenantId: tenant._id, userId: 'lilei', name: '李雷' });
  const customer = (i: number, ownerId: Types.ObjectId, customFields: Record<string, unknown>) => ({
    tenantId: tenant._id, code: `C${String(i).padStart(5, '0')}`, name: `客户${i}`, stage: 'lead', ownerId, searchText: `客户${i}`, customFields,
  });
  await Customer.insertMany([customer(1, lei._id, { gender: 'female' }), customer(2, lei._id, { gender: 'male' }), customer(3, lei._id, {})]);
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runExportCli(database, dir, args);

test('npm run export -- --entity customers --filter JSON exports what the universal query selects; a bad filter exits 2 naming it', async () => {
  const file = path.join(dir, 'women.csv');
  const filter = JSON.stringify({ op: 'or', conditions: [{ field: 'custom.gender', operator: 'eq', value: 'female' }, { field: 'custom.gender', operator: 'exists', value: false }] });
  const result = await cli(['--out', file, '--format', 'csv', '--entity', 'customers', '--filter', filter]);
  expect(result.out).toMatch(/^2 customers exported to .*women\.csv \(csv\)/m);
  expect(result.code).toBe(0);
  const lines = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines.map((line) => line.split(',')[0])).toEqual(['编号 Code', 'C00001', 'C00003']);

  const bad = await cli(['--out', path.join(dir, 'x.csv'), '--filter', JSON.stringify({ op: 'and', conditions: [{ field: 'custom.gender', operator: 'eq', value: { $ne: 1 } }] })]);
  expect(bad.code).toBe(2);
  expect(bad.out).toMatch(/export refused: .*filter\.conditions\.0\.value/);
}, 180_000);
