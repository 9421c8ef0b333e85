import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The admin settings page end to end: built page, real app and database, headless Chromium at 1280×800.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let sales: string;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  await app.login('root', 'admin');
  sales = await app.login('lei', 'sales', ['east']);
  for (const [name, stage] of [['甲', '意向'], ['乙', '意向'], ['丙', '谈判']]) {
    expect((await app.request('POST', '/api/customers', { token: sales, body: { name, stage } })).status).toBe(201);
  }
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('an admin renames and adds stages, sets levels with cycles and numbering; a used stage cannot be removed and bad input is shown', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/settings.html?devUser=root&role=admin`);
  await page.locator('[data-panel="stages"] tr[data-row="stage"]').first().waitFor();
  expect(await page.locator('tr[data-row="stage"] [data-role="usage"]').allInnerTexts()).toEqual(['0', '2', '1', '0', '0']);
  await screenshot(page, 'settings-1-loaded', { fullPage: true });

  // Rename 意向 (key intent), add a stage before the closed ones, set levels and a cycle, a new customer format.
  await page.locator('[data-role="stage-1-zh"]').fill('有意向');
  await page.locator('[data-role="stage-1-en"]').fill('Interested');
  await page.locator('[data-role="add-stage"]').click();
  await page.locator('[data-role="stage-3-key"]').fill('trial');
  await page.locator('[data-role="stage-3-zh"]').fill('试用');
  await page.locator('[data-role="levels"]').fill('VIP、普通');
  await page.locator('[data-role="cycle-VIP"]').fill('7');
  await page.locator('[data-role="numbering-customers"]').fill('KH{yy}{seq:4}');
  expect(await page.locator('[data-role="sample-customers"]').innerText()).toMatch(/^示例：KH\d{2}0042$/);
  await page.locator('[data-role="save"]').click();
  await page.locator('[data-role="saved"]').waitFor();
  expect(await page.locator('tr[data-row="stage"] code').allInnerTexts()).toEqual(['lead', 'intent', 'negotiating', 'trial', 'won', 'lost']);

  const tenant = await Tenant.findById(app.service.deps.defaultTenantId).lean();
  expect(tenant!.stages!.map((s) => `${s.key}:${s.name}`)).toEqual(['lead:潜在', 'intent:有意向', 'negotiating:谈判', 'trial:试用', 'won:成交', 'lost:流失']);
  expect(tenant!.settings).toMatchObject({ levels: ['VIP', '普通'], contactCycles: [{ level: 'VIP', days: 7 }], numbering: { customers: 'KH{yy}{seq:4}' } });
  expect(await Customer.countDocuments({ stage: 'intent' })).toBe(2);
  const created = await app.request('POST', '/api/customers', { token: sales, body: { name: '丁', level: 'VIP' } });
  expect(created.body).toMatchObject({ code: expect.stringMatching(/^KH\d{2}0004$/), contactCycleDays: 7 });
  await screenshot(page, 'settings-2-saved', { fullPage: true });

  // Removing 谈判 (one customer) is refused with the count; nothing changes.
  await page.locator('[data-role="stage-2-remove"]').click();
  await page.locator('[data-role="save"]').click();
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('[data-role="problem"]').innerText()).toContain('"谈判" (negotiating), still used by 1 customer');
  await screenshot(page, 'settings-3-stage-in-use', { fullPage: true });
  // A bad format is named by its field.
  await page.reload();
  await page.locator('[data-role="numbering-tickets"]').waitFor();
  await page.locator('[data-role="numbering-tickets"]').fill('GD-{day}');
  await page.locator('[data-role="save"]').click();
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('[data-role="problem"]').innerText()).toMatch(/numbering\.tickets: must contain \{seq\}/);
  expect((await Tenant.findById(app.service.deps.defaultTenantId).lean())!.stages!.map((s) => s.key)).toContain('negotiating');
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a salesperson is refused', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.baseUrl}/sidebar/settings.html?devUser=lei&role=sales`);
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('[data-panel="stages"]').count()).toBe(0);
  await page.close();
});
