import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Product } from '../../src/crm/models/product.js';
import { Staff } from '../../src/crm/models/staff.js';
import { devAuthModule } from '../../src/features/auth/dev-auth-module.js';
import { importsModule } from '../../src/features/imports/imports-module.js';
import { runNextImport } from '../../src/features/imports/run-next-import.js';
import { sidebarStaticModule } from '../../src/features/sidebar/sidebar-module.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { csvBytes, type Cell } from '../support/import-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The admin import page end to end: built page, real Koa app and database, real headless Chromium at 1280×800.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let dir: string;
const SHOTS = '/tmp/shots-import';

async function shot(page: Parameters<typeof screenshot>[0], name: string): Promise<void> {
  const file = await screenshot(page, name, { fullPage: true });
  await mkdir(SHOTS, { recursive: true });
  await copyFile(file, path.join(SHOTS, `${name}.png`));
}

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp({ modules: [devAuthModule, importsModule, sidebarStaticModule] });
  await app.login('boss', 'admin');
  await app.login('anna', 'sales');
  await Staff.updateOne({ userId: 'anna' }, { $set: { name: '安娜' } });
  const boss = await Staff.findOne({ userId: 'boss' });
  await Customer.create({
    tenantId: app.service.deps.defaultTenantId,
    code: 'C00001',
    name: '老客户',
    phones: ['13800000001'],
    stage: 'lead',
    ownerId: boss!._id,
    searchText: '老客户 c00001',
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'imports-page-'));
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

test('an admin uploads a GBK CSV, adjusts the mapping, previews, runs it with live progress and downloads the rejected rows', async () => {
  const rows: Cell[][] = [
    ['客户名称', '公司', '电话', '邮箱', '负责人', '阶段', '客户来源渠道'],
    ...Array.from({ length: 300 }, (_, i): Cell[] => [`展会客户${i}`, `公司${i}`, `1390000${String(i).padStart(4, '0')}`, `c${i}@example.com`, '安娜', '意向', '展会']),
    ['老客户', '', '13800000001', '', '', '', ''],
    ['展会客户0（重复）', '', '13900000000', '', '', '', ''],
    ['号码错误', '', '12ab', '', '', '', ''],
    ['邮箱错误', '', '', 'x@', '', '', ''],
  ];
  const file = path.join(dir, '展会名单.csv');
  await writeFile(file, csvBytes(rows, 'gbk'));

  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/imports.html?devUser=boss&role=admin`);
  await page.locator('[data-panel="upload"]').waitFor();
  await shot(page, 'imports-1-upload');

  await page.locator('input[data-role="file"]').setInputFiles(file);
  await page.locator('[data-panel="mapping"]').waitFor();
  expect(await page.locator('[data-panel="mapping"] h2').innerText()).toContain('展会名单.csv · CSV · gb18030 · 表头在第 1 行');
  expect(await page.locator('select[data-column="电话"]').inputValue()).toBe('phones');
  expect(await page.locator('select[data-column="客户来源渠道"]').inputValue()).toBe('custom:客户来源渠道');
  // The admin maps the unknown column to the source field and merges duplicates of existing customers.
  await page.locator('select[data-column="客户来源渠道"]').selectOption('source');
  await page.locator('select[data-role="existing"]').selectOption('merge');
  await page.locator('button[data-role="preview"]').click();
  await page.locator('[data-panel="preview"]').waitFor();
  expect(await page.locator('[data-figure="new"] b').innerText()).toBe('300');
  expect(await page.locator('[data-figure="existing"] b').innerText()).toBe('1');
  expect(await page.locator('[data-figure="in_file"] b').innerText()).toBe('1');
  expect(await page.locator('[data-panel="preview"] [data-figure="rejected"] b').innerText()).toBe('2');
  expect(await page.locator('[data-role="plan"]').innerText()).toBe('将新建 300，更新 0，合并 1，跳过 1');
  expect(await page.locator('tr[data-row="error"]').first().innerText()).toMatch(/304\s+phones: "12ab" is not a phone number/);
  await shot(page, 'imports-2-preview');

  await page.locator('button[data-role="start"]').click();
  await page.locator('main[data-phase="queued"]').waitFor();
  // The background worker (as the service runs it), in small chunks; after its first chunk it waits
  // until the test has seen the page mid-way, so a fast machine cannot finish before the page looks.
  let seenMidway!: () => void;
  const midway = new Promise<void>((resolve) => (seenMidway = resolve));
  const worker = runNextImport({
    token: `e2e:${new Types.ObjectId().toHexString()}`,
    lockMs: 30_000,
    logger: { info() {}, warn() {}, error() {} },
    chunkSize: 10,
    onProgress: () => midway,
  });
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-role="progress"]')?.textContent ?? '';
    return document.querySelector('main[data-phase="running"]') && /^\s*[1-9]\d* \//.test(text);
  }, undefined, { timeout: 60_000 });
  expect(await page.locator('[data-role="progress"]').innerText()).toMatch(/^\d+ \/ 304 行（\d+%）· (\d+|—) 行\/秒 · 剩余 /);
  await shot(page, 'imports-3-running');
  seenMidway();
  expect(await worker).toBe(true);
  await page.locator('main[data-phase="done"]').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-role="progress"]').innerText()).toMatch(/^304 \/ 304 行（100%）· \d+ 行\/秒 · 剩余 0 秒/);
  expect(await page.locator('[data-figure="created"] b').innerText()).toBe('300');
  expect(await page.locator('[data-figure="merged"] b').innerText()).toBe('1');
  expect(await page.locator('[data-figure="skipped"] b').innerText()).toBe('1');
  expect(await page.locator('[data-panel="progress"] [data-figure="rejected"] b').innerText()).toBe('2');
  await shot(page, 'imports-4-done');

  const download = page.waitForEvent('download');
  await page.locator('button[data-role="report"]').click();
  const report = await download;
  expect(report.suggestedFilename()).toBe('展会名单-rejected.csv');
  const text = (await readFile(await report.path())).toString('utf-8');
  expect(text).toContain('号码错误,,12ab,,,,,304,"phones: ""12ab"" is not a phone number"');
  expect(text).toContain('邮箱错误,,,x@,,,,305,"email: ""x@"" is not an email address"');

  const anna = await Staff.findOne({ userId: 'anna' });
  expect(await Customer.countDocuments({ ownerId: anna!._id, source: '展会', stage: 'intent' })).toBe(300);
  expect(errors).toEqual([]);
  await page.close();
}, 240_000);

test('a salesperson sees why the page refuses, not a blank page', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.baseUrl}/sidebar/imports.html?devUser=anna&role=sales`);
  await page.locator('input[data-role="file"]').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,电话\n甲,13700000000\n') });
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('[data-role="problem"]').innerText()).toBe('你没有权限做这个操作，请联系客户负责人或管理员。');
  await shot(page, 'imports-5-forbidden');
  await page.close();
});

test('an admin picks 产品, sees the product columns, previews by SKU and imports the catalogue', async () => {
  const tenantId = app.service.deps.defaultTenantId;
  await Product.create({ tenantId, name: '旧版', sku: 'OLD-1', skuKey: 'OLD-1', unit: '个', listPrice: 500, currency: 'CNY', active: true });
  const file = path.join(dir, '产品目录.csv');
  await writeFile(file, csvBytes([
    ['产品名称', '货号', '单位', '单价', '状态'],
    ['标准版', 'STD-1', '套', '¥1,299.00', '启用'],
    ['旧版升级', 'old-1', '个', '8.8', ''],
    ['标准版重复', 'std-1', '套', '1', ''],
    ['坏价格', 'BAD-1', '个', '12.345', ''],
  ], 'utf-8-bom'));

  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/imports.html?devUser=boss&role=admin`);
  await page.locator('input[data-kind="products"]').check();
  expect(await page.locator('h1').innerText()).toBe('产品导入');
  await page.locator('input[data-role="file"]').setInputFiles(file);
  await page.locator('[data-panel="mapping"]').waitFor();
  expect(await page.locator('select[data-column="货号"]').inputValue()).toBe('sku');
  expect(await page.locator('select[data-column="单价"]').inputValue()).toBe('listPrice');
  expect(await page.locator('select[data-column="单价"] option').allInnerTexts()).toEqual(['产品名称', '编码/SKU', '单位', '单价（元）', '币种', '启用', '不导入']);
  await page.locator('select[data-role="existing"]').selectOption('update');
  await page.locator('button[data-role="preview"]').click();
  await page.locator('[data-panel="preview"]').waitFor();
  expect(await page.locator('[data-figure="new"]').innerText()).toMatch(/1\s*新产品/);
  expect(await page.locator('[data-figure="existing"] b').innerText()).toBe('1');
  expect(await page.locator('[data-figure="in_file"] b').innerText()).toBe('1');
  expect(await page.locator('[data-role="plan"]').innerText()).toBe('将新建 1，更新 1，合并 0，跳过 1');
  expect(await page.locator('tr[data-row="error"]').first().innerText()).toMatch(/5\s+listPrice: "12.345" is not a price in CNY/);
  await shot(page, 'imports-6-products-preview');

  await page.locator('button[data-role="start"]').click();
  await page.locator('main[data-phase="queued"]').waitFor();
  expect(await runNextImport({ token: `e2e:${new Types.ObjectId().toHexString()}`, lockMs: 30_000, logger: { info() {}, warn() {}, error() {} } })).toBe(true);
  await page.locator('main[data-phase="done"]').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-figure="created"] b').innerText()).toBe('1');
  expect(await page.locator('[data-figure="updated"] b').innerText()).toBe('1');
  await shot(page, 'imports-7-products-done');
  expect((await Product.findOne({ tenantId, skuKey: 'STD-1' }).lean())!.listPrice).toBe(129900);
  expect((await Product.findOne({ tenantId, skuKey: 'OLD-1' }).lean())!.listPrice).toBe(880);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
