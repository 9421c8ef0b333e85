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
import { todayIn } from '../../src/crm/calendar-date.js';
import { buildPipelineView } from '../../src/crm/deals/build-pipeline-view.js';
import { Deal } from '../../src/crm/models/deal.js';

// The dashboard's pipeline panel end to end: built page, real Koa app and database, real headless Chromium, dev login.
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
  // Deals closing today (so in this month and quarter); one of another department that must not show.
  await login('xiao', '小西', 'sales', ['华南']);
  const cx = await seedCustomer(tid, ids.xiao!, '南方客户');
  const today = todayIn('Asia/Shanghai');
  const deal = (ownerId: Types.ObjectId, customerId: Types.ObjectId, fields: Record<string, unknown>) =>
    Deal.create({ tenantId: tid, customerId, ownerId, title: 'd', currency: 'CNY', expectedCloseDate: today, ...fields });
  await deal(ids.anna!, c1._id, { stage: 'initial', probability: 10, amount: 100_000_000 });
  await deal(ids.anna!, c1._id, { stage: 'negotiation', probability: 70, amount: 50_000_000 });
  await deal(ids.bella!, c2._id, { stage: 'proposal', probability: 50, amount: 30_000_000 });
  await deal(ids.bella!, c2._id, { stage: 'won', probability: 100, amount: 20_000_000, closedAt: justNow });
  await deal(ids.xiao!, cx._id, { stage: 'negotiation', probability: 70, amount: 999_999_900 });
  browser = await launchChromium({ viewport: { width: 414, height: 896 } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const url = (params: Record<string, string>) => `${app.baseUrl}/sidebar/dashboard.html?${new URLSearchParams(params).toString()}`;

test('the pipeline panel at 1280×800: the funnel by amount and the forecast of the team', async () => {
  // By hand: 初步接洽 ¥1,000,000 · 需求确认 0 · 方案报价 ¥300,000 · 商务谈判 ¥500,000 (华南's deal left out);
  // weighted 1,000,000 × 10 % + 500,000 × 70 % + 300,000 × 50 % = ¥600,000; commit ¥500,000; won ¥200,000.
  const view = await buildPipelineView({ tenantId: app.service.deps.defaultTenantId, staffId: ids.boss!, role: 'manager', departments: ['华东'], source: 'api' }, new Date());
  expect(view.stages.map((s) => [s.name, s.amount, s.deals])).toEqual([
    ['初步接洽', 100_000_000, 1],
    ['需求确认', 0, 0],
    ['方案报价', 30_000_000, 1],
    ['商务谈判', 50_000_000, 1],
  ]);
  expect(view.forecast.map((f) => [f.unit, f.weighted, f.commit, f.won])).toEqual([
    ['month', 60_000_000, 50_000_000, 20_000_000],
    ['quarter', 60_000_000, 50_000_000, 20_000_000],
  ]);

  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchErrors(page);
  await page.goto(url({ devUser: 'boss', role: 'manager' }));
  const panel = page.locator('[data-panel="pipeline"][data-phase="ready"]');
  await panel.waitFor();
  expect(await panel.locator('h2').first().innerText()).toBe('商机漏斗（金额）');
  const canvases = panel.locator('canvas');
  await canvases.nth(1).waitFor();
  for (const i of [0, 1]) {
    const box = await canvases.nth(i).boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.height).toBeGreaterThan(200);
  }
  const forecast = await panel.locator('[data-row="forecast"]').innerText();
  expect(forecast).toContain('本月：加权 ¥60万 · 承诺 ¥50万 · 已赢单 ¥20万');
  expect(forecast).toContain('本季度：加权 ¥60万');
  await page.waitForTimeout(600); // the charts' entry animation
  await screenshot(page, 'dashboard-pipeline-1280', { fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});

