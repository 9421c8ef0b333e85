import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/test-db.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { seedSidebarScenario, type SidebarScenario } from '../support/e2e/seed-sidebar.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

// Issue 16: the card renders the company's custom fields per definition, in zh and en, and edits them.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let browser: Chromium;
let s: SidebarScenario;
let token: string;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  env = await startWecomTestEnv();
  s = await seedSidebarScenario(env.app.service.deps.defaultTenantId, { activities: 1 });
  token = await env.app.login(s.userId, 'sales');
  env.sim.addStaff({ userid: s.userId, name: '王小明', department: [1] });
  const admin = await env.app.login('root', 'admin');
  const res = await env.app.request('POST', '/api/admin/custom-fields', { token: admin, body: { key: 'budget', label: { zh: '预算', en: 'Budget' }, type: 'number', order: 80 } });
  expect(res.status).toBe(201);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  await db?.drop();
});

async function open(params: Record<string, string>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  expect(await openSidebar(page, devUrl(env.app.baseUrl, { devUser: s.userId, ...params }))).toBe('ready');
  return { page, errors };
}

describe('custom fields on the card', () => {
  test('shown with option labels, edited with a select, chips and inputs, saved as values', async () => {
    const created = await env.app.request('POST', '/api/customers', { token, body: { name: '资料客户', customFields: { gender: 'female', product_needs: ['software'] } } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const { page, errors } = await open({ customerId: id });
    const panel = page.getByTestId('custom-fields');
    await panel.waitFor();
    await panel.scrollIntoViewIfNeeded();
    expect(await panel.locator('[data-field="gender"]').innerText()).toBe('女');
    expect(await panel.locator('[data-field="product_needs"]').innerText()).toBe('软件');
    expect(await panel.innerText()).toContain('来访方式');
    await screenshot(page, 'custom-fields-card');

    await page.getByTestId('custom-fields-edit').click();
    await panel.locator('#cf-visit_mode').selectOption({ label: '转介绍' });
    await panel.getByRole('button', { name: '服务' }).click();
    await panel.locator('#cf-budget').fill('1200');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-fields-edit', { fullPage: true });
    await page.getByTestId('custom-fields-save').click();
    await panel.locator('[data-field="visit_mode"]').filter({ hasText: '转介绍' }).waitFor();
    const stored = (await env.app.request('GET', `/api/customers/${id}`, { token })).body.customFields;
    expect(stored).toEqual({ gender: 'female', product_needs: ['software', 'service'], visit_mode: 'referral', budget: 1200 });
    expect(await panel.locator('[data-field="product_needs"]').innerText()).toBe('软件、服务');
    expect(errors).toEqual([]);
    await page.close();

    const en = await open({ customerId: id, lang: 'en' });
    const enPanel = en.page.getByTestId('custom-fields');
    await enPanel.waitFor();
    expect(await enPanel.locator('[data-field="visit_mode"]').innerText()).toBe('Referral');
    expect(await enPanel.locator('[data-field="product_needs"]').innerText()).toBe('Software, Services');
    expect(await enPanel.innerText()).toContain('Budget');
    await enPanel.scrollIntoViewIfNeeded();
    await screenshot(en.page, 'custom-fields-card-en');
    expect(en.errors).toEqual([]);
    await en.page.close();
  }, 120_000);

  test('the create sheet of an unlinked contact asks for the custom fields and creates with them', async () => {
    const { page, errors } = await open({ externalUserId: s.freshExternalUserId });
    await page.locator('[data-screen="unbound"]').waitFor();
    const form = page.locator('form.create-form');
    await form.locator('#cf-gender').selectOption({ label: '男' });
    await form.getByRole('button', { name: '咨询' }).click();
    await form.locator('#cf-budget').fill('88');
    await form.locator('#cf-gender').scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-fields-create');
    await page.getByRole('button', { name: '创建并关联' }).click();
    await page.locator('[data-screen="card"]').waitFor();
    const view = (await env.app.request('GET', `/api/contacts/${s.freshExternalUserId}`, { token })).body;
    expect(view.customer.customFields).toEqual({ gender: 'male', product_needs: ['consulting'], budget: 88 });
    expect(await page.getByTestId('custom-fields').locator('[data-field="gender"]').innerText()).toBe('男');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
