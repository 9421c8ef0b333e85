import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor } from '../../src/crm/actor.js';
import { recordActivity } from '../../src/crm/activities/record-activity.js';
import { AutomationRule } from '../../src/crm/models/automation-rule.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { automationModule } from '../../src/features/automation/automation-module.js';
import { customersModule } from '../../src/features/customers/customers-module.js';
import { devAuthModule } from '../../src/features/auth/dev-auth-module.js';
import { domainEventsModule } from '../../src/features/domain-events/domain-events-module.js';
import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import { sidebarStaticModule } from '../../src/features/sidebar/sidebar-module.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The admin automation page end to end: built page, real Koa app and database, headless Chromium at 1280×800.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp({ modules: [devAuthModule, domainEventsModule, customersModule, automationModule, sidebarStaticModule] });
  await app.login('boss', 'admin');
  const anna = await app.login('anna', 'sales', ['east']);
  for (const [name, tags] of [['王总', ['VIP']], ['李总', ['VIP']], ['赵总', []]] as const) {
    expect((await app.request('POST', '/api/customers', { token: anna, body: { name, tags } })).status).toBe(201);
  }
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('an admin previews a rule, saves it, sees it run once, switches it off; a refused rule says why', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/automation.html?devUser=boss&role=admin`);
  await page.locator('[data-panel="rules"]').waitFor();
  expect(await page.locator('[data-panel="rules"] h2').innerText()).toContain('0 条');

  await page.locator('[data-role="name"]').fill('VIP 成交回访');
  await page.locator('[data-role="trigger"]').selectOption('stage_changed');
  await page.locator('[data-role="trigger-value"]').fill('成交');
  await page.locator('[data-role="tag"]').fill('VIP');
  await page.locator('[data-role="action-0-value"]').fill('安排回访');
  await page.locator('[data-role="add-action"]').click();
  await page.locator('[data-role="action-1"]').selectOption('add_tags');
  await page.locator('[data-role="action-1-value"]').fill('老客户');
  await page.locator('[data-role="dry-run"]').click();
  await page.locator('[data-panel="dry-run"]').waitFor();
  expect(await page.locator('[data-role="dry-summary"]').innerText()).toBe('满足条件的客户（触发事件发生时会执行）：2 位；将会：给负责人建待办「安排回访」（立即）；加标签 老客户');
  await screenshot(page, 'automation-1-dry-run', { fullPage: true });
  expect(await AutomationRule.countDocuments()).toBe(0);

  await page.locator('[data-role="save"]').click();
  await page.locator('tr[data-row="rule"]').waitFor();
  expect(await page.locator('tr[data-row="rule"]').innerText()).toMatch(/VIP 成交回访\s+阶段变为 won\s+给负责人建待办、加标签\s+启用/);

  // The rule runs from a domain event, as in service.
  const customer = (await app.request('GET', '/api/customers?q=王总', { token: await app.login('anna', 'sales', ['east']) })).body.items[0];
  await recordActivity(systemActor(app.service.deps.defaultTenantId), { customerId: new Types.ObjectId(customer.id), type: 'stage_changed', data: { from: 'lead', to: 'won' } });
  while ((await relayActivities(app.service.deps.inbox, app.service.deps.domainEvents)) > 0);
  await app.service.deps.inbox.drain();
  expect(await Reminder.countDocuments({ text: '安排回访' })).toBe(1);
  await page.locator('[data-role="runs"]').click();
  await page.locator('tr[data-row="run"]').waitFor();
  expect(await page.locator('tr[data-row="run"]').innerText()).toMatch(/完成\s+待办已建：安排回访；已加标签 老客户/);
  await screenshot(page, 'automation-2-runs', { fullPage: true });

  await page.locator('[data-role="enabled"]').click();
  await page.waitForFunction(() => document.querySelector('tr[data-row="rule"]')?.textContent?.includes('停用'));
  expect((await AutomationRule.findOne().lean())!.enabled).toBe(false);

  // A rule that would trigger itself is refused with the API's sentence; nothing is saved.
  await page.locator('[data-role="name"]').fill('自循环');
  await page.locator('[data-role="trigger-value"]').fill('谈判');
  await page.locator('[data-role="tag"]').fill('');
  await page.locator('[data-role="action-0"]').selectOption('set_stage');
  await page.locator('[data-role="action-0-value"]').fill('谈判');
  await page.locator('[data-role="save"]').click();
  await page.locator('[data-role="problem"]').waitFor();
  expect(await page.locator('[data-role="problem"]').innerText()).toBe('规则会触发自己（rule would trigger itself）：自循环 → 自循环');
  await screenshot(page, 'automation-3-refused', { fullPage: true });
  expect(await AutomationRule.countDocuments()).toBe(1);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
