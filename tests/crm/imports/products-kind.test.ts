import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { devAuthModule } from '../../../src/features/auth/dev-auth-module.js';
import { importsModule } from '../../../src/features/imports/imports-module.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Product } from '../../../src/crm/models/product.js';
import { ImportJob } from '../../../src/crm/imports/import-job-model.js';
import { csvBytes, xlsxBytes, type Cell } from '../../support/import-fixtures.js';
import { drainImports, uploadImportBytes } from '../../support/import-api.js';
import { runImportCli } from '../../support/run-import-cli.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

// Product catalogue imports over the real HTTP API (and the CLI) on the real wire server.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let tenantId: Types.ObjectId;

const ROWS: Cell[][] = [
  ['产品名称', '货号', '单位', '单价', '币种', '状态'],
  ['标准版', 'STD-1', '套', '¥1,299.00', '', '启用'],
  ['专业版', 'pro-1', '套', '2999.5', 'usd', ''],
  ['旧版', 'OLD-1', '个', '10', '', '停用'],
  ['标准版重复', 'std-1', '套', '1', '', ''],
  ['坏价格', 'BAD-1', '个', '12.345', '', ''],
  ['负价格', 'BAD-2', '个', '-5', '', ''],
  ['', 'BAD-3', '', 'abc', 'XYZ', '也许'],
];

const upload = (bytes: Buffer, name: string, kind = 'products') => uploadImportBytes(app, admin, bytes, name, kind);

async function importFile(bytes: Buffer, name: string, choices: object): Promise<any> {
  const uploaded = await upload(bytes, name);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const preview = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: { choices } });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const started = await app.request('POST', `/api/imports/${uploaded.body.id}/start`, { token: admin });
  expect([200, 202]).toContain(started.status);
  await drainImports();
  return (await app.request('GET', `/api/imports/${started.body.id}`, { token: admin })).body;
}

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp({ modules: [devAuthModule, importsModule] });
  admin = await app.login('boss', 'admin');
  tenantId = app.service.deps.defaultTenantId;
  await Product.create({ tenantId, name: '旧版', sku: 'old-1', skuKey: 'OLD-1', unit: '个', listPrice: 500, currency: 'CNY', active: true });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

test('headers match the product columns; the preview classifies by SKU and names every price and field error', async () => {
  const uploaded = await upload(csvBytes(ROWS, 'utf-8-bom'), 'products.csv');
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.kind).toBe('products');
  expect(uploaded.body.mapping).toEqual({ 产品名称: 'name', 货号: 'sku', 单位: 'unit', 单价: 'listPrice', 币种: 'currency', 状态: 'active' });
  expect(uploaded.body.suggestedMapping).toEqual(uploaded.body.mapping);
  const preview = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: {} });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const p = preview.body.preview;
  expect([p.total, p.valid, p.rejected]).toEqual([7, 4, 3]);
  expect(p.classes).toEqual({ new: 2, existing: 1, in_file: 1 });
  expect(p.actions).toMatchObject({ create: 2, update: 0, skip: 2 });
  expect(p.samples.map((s: any) => [s.sku, s.listPrice, s.currency, s.active, s.kind])).toEqual([
    ['STD-1', 129900, 'CNY', true, 'new'],
    ['pro-1', 299950, 'USD', true, 'new'],
    ['OLD-1', 1000, 'CNY', false, 'existing'],
    ['std-1', 100, 'CNY', true, 'in_file'],
  ]);
  expect(p.duplicates.map((d: any) => [d.row, d.kind, d.action])).toEqual([[4, 'existing', 'skip'], [5, 'in_file', 'skip']]);
  expect(p.duplicates[1].reason).toMatch(/row 2/);
  const errors = Object.fromEntries(p.errors.map((e: { row: number; errors: Array<{ field: string }> }) => [e.row, e.errors.map((x) => x.field)]));
  expect(errors).toEqual({ 6: ['listPrice'], 7: ['listPrice'], 8: ['currency', 'listPrice', 'active', 'name', 'unit'] });
  expect(p.errors[0].errors[0].message).toMatch(/"12.345" is not a price in CNY/);
  expect(await Product.countDocuments({ tenantId })).toBe(1);

  // A mapping change for this kind is taken; one that drops a required field is a 400 naming it.
  const noPrice = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: { mapping: { 单价: 'ignore' } } });
  expect(noPrice.status).toBe(400);
  expect(JSON.stringify(noPrice.body)).toMatch(/listPrice/);
  const customerField = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: { mapping: { 单价: 'phones' } } });
  expect(customerField.status).toBe(400);
  expect(JSON.stringify(customerField.body)).toMatch(/单价/);
});

test('skip leaves a catalogue SKU alone; the run creates new SKUs once (audited), reports rejected rows, and a re-run writes nothing twice', async () => {
  const bytes = await xlsxBytes(ROWS);
  const done = await importFile(bytes, 'products.xlsx', { existing: 'skip' });
  expect(done.status).toBe('done');
  expect(done.progress).toMatchObject({ processed: 7, created: 2, updated: 0, skipped: 2, rejected: 3 });
  const products = await Product.find({ tenantId }).sort({ skuKey: 1 }).lean();
  expect(products.map((x) => [x.sku, x.name, x.listPrice, x.currency, x.active])).toEqual([
    ['old-1', '旧版', 500, 'CNY', true],
    ['pro-1', '专业版', 299950, 'USD', true],
    ['STD-1', '标准版', 129900, 'CNY', true],
  ]);
  expect(await AuditLog.countDocuments({ tenantId, entity: 'product', action: 'product.create', source: 'import' })).toBe(2);

  const report = await fetch(`${app.baseUrl}/api/imports/${done.id}/rejected.csv`, { headers: { authorization: `Bearer ${admin}` } });
  const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await report.arrayBuffer()).slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(4);
  expect(lines[1]).toMatch(/^坏价格,BAD-1,.*listPrice: ""12.345"" is not a price/);

  // The same file the same way: the same batch. A crashed run resumed over it finds its rows done.
  const again = await importFile(bytes, 'products-again.xlsx', { existing: 'skip' });
  expect(again.id).toBe(done.id);
  await ImportJob.updateOne({ _id: done.id }, { $set: { status: 'queued', lockedBy: null } });
  await drainImports();
  expect(await Product.countDocuments({ tenantId })).toBe(3);
  expect(await AuditLog.countDocuments({ tenantId, entity: 'product' })).toBe(2);
  expect((await app.request('GET', `/api/imports/${done.id}`, { token: admin })).body.progress).toMatchObject({ processed: 7, created: 2, skipped: 2, rejected: 3 });
});

test('update overwrites the catalogue product with the same SKU, audited with before and after', async () => {
  const done = await importFile(csvBytes([['Name', 'SKU', 'Unit', 'List price', 'Active'], ['旧版二代', 'old-1', '台', '88.8', 'no']], 'utf-8'), 'update.csv', { existing: 'update' });
  expect(done.progress).toMatchObject({ processed: 1, created: 0, updated: 1 });
  const old = await Product.findOne({ tenantId, skuKey: 'OLD-1' }).lean();
  expect([old!.name, old!.unit, old!.listPrice, old!.currency, old!.active]).toEqual(['旧版二代', '台', 8880, 'CNY', false]);
  const entry = await AuditLog.findOne({ tenantId, action: 'product.update', entityId: old!._id }).lean();
  expect([(entry!.before as { listPrice: number }).listPrice, (entry!.after as { listPrice: number }).listPrice]).toEqual([500, 8880]);
  expect(await Product.countDocuments({ tenantId })).toBe(3);
});

test('the CLI imports products with --kind products and --on-duplicate update; merge is refused for products', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'products-cli-'));
  const cli = (args: string[]) => runImportCli(db, dir, args);
  try {
    const file = path.join(dir, 'catalogue.xlsx');
    await writeFile(file, await xlsxBytes([['名称', '编码', '单位', '价格'], ['命令行产品', 'CLI-1', '个', '1,000'], ['标准版', 'std-1', '套', '1399'], ['无价', 'CLI-2', '个', '']]));
    const refused = await cli([file, '--kind', 'products', '--on-duplicate', 'merge']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--on-duplicate for products is skip or update');
    const ran = await cli([file, '--kind', 'products', '--on-duplicate', 'update', '--yes']);
    expect(ran.stdout).toMatch(/preview: 3 rows .* 2 valid, 1 rejected/);
    expect(ran.stdout).toMatch(/new 1 · duplicates of existing products 1 · duplicates within the file 0/);
    expect(ran.stdout).toMatch(/row 4: listPrice: required/);
    expect(ran.stdout).toMatch(/done: 3 rows — 1 created, 1 updated, .* 1 rejected/);
    expect((await Product.findOne({ tenantId, skuKey: 'CLI-1' }).lean())!.listPrice).toBe(100000);
    expect((await Product.findOne({ tenantId, skuKey: 'STD-1' }).lean())!.listPrice).toBe(139900);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
