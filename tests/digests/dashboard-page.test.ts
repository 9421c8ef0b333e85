import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dashboardModule } from '../../src/features/dashboard/dashboard-module.js';
import { devAuthModule } from '../../src/features/auth/dev-auth-module.js';
import { sidebarStaticModule } from '../../src/features/sidebar/sidebar-module.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { seedCustomer, seedFollowUp, seedStageMove } from '../support/seed-digest-data.js';

// The dashboard page end to end: built page, real Koa app and database, real headless Chromium, dev login.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
const ids: Record<string, Types.ObjectId> = {};

async function login(userId: string, name: string, role: 'sales' | 'manager', departments: string[]) {
  const res = await app.request('POST', '/api/auth/dev', { body: { userId, name, role, departments } });
  ids[userId] = new Types.ObjectId(res.body.staffId as string);
}

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp({ modules: [devAuthModule, dashboardModule, sidebarStaticModule] });
  await login('boss', '周经理', 'manager', ['华东']);
  await login('anna', '安娜', 'sales', ['华东']);
  await login('bella', '贝拉', 'sales', ['华东']);
  const tid = app.service.deps.defaultTenantId;
  const justNow = new Date(Date.now() - 1_000);
  const c1 = await seedCustomer(tid, ids.anna!, '星河科技', { createdAt: justNow, stage: 'intent' });
  const c2 = await seedCustomer(tid, ids.bella!, '北辰贸易', { createdAt: justNow, stage: 'won' });
  for (let i = 0; i < 3; i++) await seedFollowUp(tid, c1._id, ids.anna!, justNow);
  await seedFollowUp(tid, c2._id, ids.bella!, justNow);
  await seedStageMove(tid, c2._id, ids.bella!, 'negotiating', 'won', justNow);
  for (let i = 1; i <= 3; i++) {
    await seedCustomer(tid, ids.bella!, `逾期客户${i}`, { nextFollowUpAt: new Date(Date.now() - (i + 1) * 86_400_000), stage: 'lead' });
  }
  browser = await launchChromium({ viewport: { width: 414, height: 896 } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const url = (params: Record<string, string>) => `${app.baseUrl}/sidebar/dashboard.html?${new URLSearchParams(params).toString()}`;

test('a manager opens the dashboard: funnel, follow-ups per rep, 8-week trend and overdue list are drawn', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(url({ devUser: 'boss', role: 'manager' }));
  await page.locator('main.dash[data-phase="ready"]').waitFor();
  expect(await page.locator('.dash__sub').innerText()).toContain('华东 · 3 人');
  for (const panel of ['funnel', 'reps', 'trend']) {
    const canvas = page.locator(`[data-panel="${panel}"] canvas`);
    await canvas.first().waitFor();
    const box = await canvas.first().boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(100);
  }
  expect(await page.locator('[data-panel="reps"] h2').innerText()).toBe('本周跟进（人均 2）');
  expect(await page.locator('[data-panel="overdue"] h2').innerText()).toBe('逾期未跟进（3）');
  const rows = page.locator('tr[data-row="overdue"]');
  expect(await rows.count()).toBe(3);
  expect(await rows.first().innerText()).toMatch(/逾期客户3[\s\S]*贝拉[\s\S]*4 天/);
  await screenshot(page, 'dashboard-manager', { fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});

test('a salesperson is told the dashboard is for managers, not shown a blank page', async () => {
  const page = await browser.newPage();
  await page.goto(url({ devUser: 'anna', role: 'sales' }));
  await page.locator('main.dash[data-phase="failed"]').waitFor();
  expect(await page.locator('.dash__failure').getAttribute('data-kind')).toBe('forbidden');
  expect(await page.locator('.dash__failure').innerText()).toBe('团队看板仅对经理和管理员开放。');
  await page.close();
});
