import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { seedSidebarScenario, type SidebarScenario } from '../support/e2e/seed-sidebar.js';

// The segment and the churn line on the sidebar card, in Chromium against the real app.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let s: SidebarScenario;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  s = await seedSidebarScenario(app.service.deps.defaultTenantId, { activities: 5 });
  await Customer.updateOne(
    { _id: s.boundCustomerId },
    { $set: { rfm: { r: 2, f: 4, m: 5, segment: '重要保持', recencyDays: 40, frequency: 9, monetary: 1_000_000, at: new Date() } } },
  );
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('the card shows the RFM segment and the churn risk with its reasons', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  expect(await openSidebar(page, devUrl(app.baseUrl, { devUser: s.userId, customerId: s.boundCustomerId }))).toBe('ready');
  const segment = page.locator('[data-testid="segment"]');
  await segment.waitFor();
  expect(await segment.innerText()).toContain('重要保持 · R2 F4 M5');
  const churn = page.locator('[data-testid="churn-risk"]');
  await churn.waitFor();
  expect(await churn.innerText()).toMatch(/流失风险[\s\S]*[高中低] \d+%/);
  await churn.scrollIntoViewIfNeeded();
  await screenshot(page, 'card-segment-churn');
  expect(errors).toEqual([]);
  await page.close();
});
