import { readFile } from 'node:fs/promises';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The audit log page end to end: filters, pages, the before/after diff and the export, in headless Chromium at 1280×800.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  const admin = await app.login('root', 'admin');
  const sales = await app.login('lei', 'sales', ['east']);
  const created = await app.request('POST', '/api/customers', { token: sales, body: { name: '星河科技', phones: ['13800000001'] } });
  expect((await app.request('PATCH', `/api/customers/${created.body.id}`, { token: sales, body: { name: '星河科技集团', level: 'VIP' } })).status).toBe(200);
  const stages = (await app.request('GET', '/api/admin/settings', { token: admin })).body.stages;
  stages[1].names = { zh: '有意向', en: 'Interested' };
  expect((await app.request('PUT', '/api/admin/settings', { token: admin, body: { stages } })).status).toBe(200);
  // Older work by the nightly jobs, on 2020-01-01 in Shanghai: enough for a second page.
  const tenantId = app.service.deps.defaultTenantId;
  for (let i = 0; i < 25; i++) {
    await AuditLog.create({ tenantId, actorId: null, actorName: 'system', source: 'job', action: 'legacy.cleanup', entity: 'reminder', entityId: new Types.ObjectId(), before: { n: i }, after: null, at: new Date(Date.UTC(2020, 0, 1, 4, i)) });
  }
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('an admin filters the log by who, entity, action and period, reads a change before/after, pages and exports', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/audit.html?devUser=root&role=admin`);
  await page.locator('tr[data-row="entry"]').first().waitFor();
  // Sign-ins (the page's own too), customer create + update, the settings change, 25 old entries.
  expect(await page.locator('[data-role="total"]').innerText()).toBe(`共 ${await AuditLog.countDocuments()} 条`);
  expect(await page.locator('[data-role="page"]').innerText()).toBe('第 1 / 2 页');

  // The settings change: the renamed stage, before and after.
  await page.locator('[data-role="entity"]').selectOption('tenant');
  await page.locator('[data-role="search"]').click();
  await page.locator('[data-role="total"]', { hasText: '共 1 条' }).waitFor();
  const settingsDiff = await page.locator('tr[data-row="diff"]').allInnerTexts();
  expect(settingsDiff).toEqual(['stages[1].names.zh\t意向\t有意向', 'stages[1].names.en\t—\tInterested']);
  await screenshot(page, 'audit-1-settings-change', { fullPage: true });

  // Who: lei's customer changes; clicking the update shows only what changed.
  await page.locator('[data-role="entity"]').selectOption('customer');
  await page.locator('[data-role="actor"]').fill('lei');
  await page.locator('[data-role="action"]').fill('customer.update');
  await page.locator('[data-role="search"]').click();
  await page.locator('[data-role="total"]', { hasText: '共 1 条' }).waitFor();
  await page.locator('tr[data-row="entry"]').first().click();
  const customerDiff = await page.locator('tr[data-row="diff"]').allInnerTexts();
  expect(customerDiff).toContain('name\t星河科技\t星河科技集团');
  expect(customerDiff).toContain('level\t—\tVIP');
  expect(customerDiff.some((r) => r.startsWith('updatedAt') || r.startsWith('searchText'))).toBe(false);
  await screenshot(page, 'audit-2-customer-update', { fullPage: true });

  // Period: the old entries only, on two pages.
  await page.locator('[data-role="actor"]').fill('');
  await page.locator('[data-role="action"]').fill('');
  await page.locator('[data-role="entity"]').selectOption('');
  await page.locator('[data-role="from"]').fill('2020-01-01');
  await page.locator('[data-role="to"]').fill('2020-01-01');
  await page.locator('[data-role="search"]').click();
  await page.locator('[data-role="total"]', { hasText: '共 25 条' }).waitFor();
  await page.locator('[data-role="next"]').click();
  await page.locator('[data-role="page"]', { hasText: '第 2 / 2 页' }).waitFor();
  expect(await page.locator('tr[data-row="entry"]').count()).toBe(5);

  // The export takes the same filters.
  const download = page.waitForEvent('download');
  await page.locator('[data-role="export"]').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('操作日志-2020-01-01-2020-01-01.csv');
  const csv = await readFile((await file.path())!, 'utf8');
  expect(csv.trim().split('\n')).toHaveLength(26);
  expect(csv).toContain('legacy.cleanup');
  expect(csv).not.toContain('settings.update');
  expect(await AuditLog.countDocuments({ entity: 'audit_export' })).toBe(1);

  // A bad period is named.
  await page.locator('[data-role="from"]').fill('2020-02-01');
  await page.locator('[data-role="search"]').click();
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('[data-role="problem"]').innerText()).toContain('from must not be after to');
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a manager cannot read the log', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.baseUrl}/sidebar/audit.html?devUser=boss&role=manager`);
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('tr[data-row="entry"]').count()).toBe(0);
  await page.close();
});
