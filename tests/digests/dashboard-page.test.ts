import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Staff } from '../../src/crm/models/staff.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { seedCustomer, seedFollowUp, seedStageMove } from '../support/seed-digest-data.js';

// The dashboard page end to end: built page, real Koa app (all modules: the customer page it links to
// is the sidebar) and database, real headless Chromium at desktop (1280×800) and phone (375×667) sizes, dev login.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let wide: Chromium;
let narrow: Chromium;
const ids: Record<string, Types.ObjectId> = {};

async function login(userId: string, name: string, role: 'sales' | 'manager', departments: string[]) {
  const res = await app.request('POST', '/api/auth/dev', { body: { userId, name, role, departments } });
  ids[userId] = new Types.ObjectId(res.body.staffId as string);
}

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  await login('boss', '周经理', 'manager', ['华东']);
  await login('anna', '安娜', 'sales', ['华东']);
  await login('bella', '贝拉', 'sales', ['华东']);
  await login('loner', '吴经理', 'manager', []);
  const tid = app.service.deps.defaultTenantId;
  const justNow = new Date(Date.now() - 1_000);
  const c1 = await seedCustomer(tid, ids.anna!, '星河科技', { createdAt: justNow, stage: 'intent' });
  const c2 = await seedCustomer(tid, ids.bella!, '北辰贸易', { createdAt: justNow, stage: 'won' });
  await seedCustomer(tid, ids.anna!, '南山物流', { createdAt: justNow, stage: 'lost' });
  for (let i = 0; i < 3; i++) await seedFollowUp(tid, c1._id, ids.anna!, justNow);
  await seedFollowUp(tid, c2._id, ids.bella!, justNow);
  await seedStageMove(tid, c2._id, ids.bella!, 'negotiating', 'won', justNow);
  for (let i = 1; i <= 3; i++) {
    await seedCustomer(tid, ids.bella!, `逾期客户${i}`, { nextFollowUpAt: new Date(Date.now() - (i + 1) * 86_400_000), stage: 'lead' });
  }
  wide = await launchChromium({ viewport: { width: 1280, height: 800 } });
  narrow = await launchChromium({ viewport: { width: 375, height: 667 } });
}, 180_000);
afterAll(async () => {
  await wide?.close();
  await narrow?.close();
  await app?.close();
  await db?.drop();
});

const url = (params: Record<string, string>) => `${app.baseUrl}/sidebar/dashboard.html?${new URLSearchParams(params).toString()}`;

async function openDashboard(browser: Chromium, params: Record<string, string>) {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(url(params));
  await page.locator('main.dash[data-phase="ready"], main.dash[data-phase="failed"]').waitFor();
  return { page, errors };
}

async function chartsDrawn(page: Page) {
  for (const panel of ['funnel', 'reps', 'trend']) {
    await page.locator(`[data-panel="${panel}"] [data-chart="ready"] canvas`).first().waitFor();
    const box = await page.locator(`[data-panel="${panel}"] canvas`).first().boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(100);
  }
}

describe('a manager at 1280×800', () => {
  test('two columns: the overdue list on the left beside the funnel, the trend below', async () => {
    const { page, errors } = await openDashboard(wide, { devUser: 'boss', role: 'manager' });
    expect(await page.locator('.dash__sub').innerText()).toContain('华东 · 3 人');
    await chartsDrawn(page);
    const box = async (panel: string) => (await page.locator(`[data-panel="${panel}"]`).boundingBox())!;
    const [overdue, funnel, reps, trend] = [await box('overdue'), await box('funnel'), await box('reps'), await box('trend')];
    expect(overdue.x).toBeLessThan(funnel.x);
    expect(Math.abs(overdue.y - funnel.y)).toBeLessThan(2);
    expect(funnel.width).toBeGreaterThan(450);
    expect(reps.x).toBe(funnel.x);
    expect(trend.y).toBeGreaterThanOrEqual(Math.max(overdue.y + overdue.height, reps.y + reps.height));
    expect(trend.width).toBeGreaterThan(1000);

    expect(await page.locator('[data-panel="overdue"] h2').innerText()).toBe('逾期未跟进（3）');
    const rows = page.locator('tr[data-row="overdue"]');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().innerText()).toMatch(/逾期客户3[\s\S]*贝拉[\s\S]*4 天/);
    expect(await page.locator('[data-panel="reps"] h2').innerText()).toBe('本周跟进（人均 2）');
    await screenshot(page, 'dashboard-manager-1280', { fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the funnel names 流失 and the conversion between stages; the current week is marked 本周至今', async () => {
    const { page } = await openDashboard(wide, { devUser: 'boss', role: 'manager' });
    const steps = page.locator('[data-panel="funnel"] [data-step="stage"]');
    // lead 3 (the overdue ones), intent 1, negotiating 0, won 1 → reached 5, 2, 1, 1
    expect(await steps.allInnerTexts()).toEqual([
      expect.stringMatching(/潜在[\s\S]*当前 3 · 累计 5[\s\S]*转化 40%/),
      expect.stringMatching(/意向[\s\S]*当前 1 · 累计 2[\s\S]*转化 50%/),
      expect.stringMatching(/谈判[\s\S]*当前 0 · 累计 1[\s\S]*转化 100%/),
      expect.stringMatching(/成交[\s\S]*当前 1 · 累计 1/),
    ]);
    expect(await page.locator('[data-panel="funnel"] [data-step="lost"]').innerText()).toMatch(/流失[\s\S]*1 · 占全部 17%[\s\S]*赢单 50%/);
    expect(await page.locator('[data-panel="trend"] [data-note="current-week"]').innerText()).toContain('本周至今');
    await page.close();
  });

  test('an overdue row opens the customer in a drawer beside the list', async () => {
    const { page, errors } = await openDashboard(wide, { devUser: 'boss', role: 'manager' });
    await page.locator('tr[data-row="overdue"]').first().click();
    const drawer = page.locator('[data-drawer="customer"]');
    await drawer.waitFor();
    expect(page.url()).toContain('/dashboard.html');
    const frame = page.frameLocator('[data-drawer="customer"] iframe');
    await frame.locator('[data-screen="card"]').waitFor();
    expect(await frame.getByRole('heading', { name: '逾期客户3' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard-drawer-1280');
    await drawer.getByRole('button', { name: '关闭' }).click();
    expect(await drawer.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the page paints (with the overdue list) before ECharts has arrived; the charts follow', async () => {
    const page = await wide.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/echarts-setup-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(url({ devUser: 'boss', role: 'manager' }));
    await page.locator('main.dash[data-phase="ready"]').waitFor();
    expect(await page.locator('tr[data-row="overdue"]').count()).toBe(3);
    expect(await page.locator('[data-panel="funnel"] [data-chart="loading"]').innerText()).toContain('图表加载中');
    release();
    await chartsDrawn(page);
    await page.close();
  });
});

describe('a manager at 375×667', () => {
  test('one column with the overdue list first; a row opens the customer page', async () => {
    const { page, errors } = await openDashboard(narrow, { devUser: 'boss', role: 'manager' });
    await chartsDrawn(page);
    const order = await page.locator('.dash__grid > [data-panel]').evaluateAll((els) => els.map((e) => e.getAttribute('data-panel')));
    expect(order[0]).toBe('overdue');
    const overdue = (await page.locator('[data-panel="overdue"]').boundingBox())!;
    const funnel = (await page.locator('[data-panel="funnel"]').boundingBox())!;
    expect(funnel.y).toBeGreaterThan(overdue.y + overdue.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'dashboard-manager-375');
    await screenshot(page, 'dashboard-manager-375-full', { fullPage: true });

    await page.locator('tr[data-row="overdue"]').first().getByRole('link').click();
    await page.waitForURL(/\/sidebar\/\?customerId=/);
    expect(new URL(page.url()).searchParams.get('devUser')).toBe('boss');
    await page.locator('[data-screen="card"]').waitFor();
    expect(await page.getByRole('heading', { name: '逾期客户3' }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

test('opening it as ?devUser= without role= keeps the manager a manager (dev mode writes nothing)', async () => {
  const { page } = await openDashboard(narrow, { devUser: 'boss' });
  expect(await page.locator('main.dash').getAttribute('data-phase')).toBe('ready');
  expect((await Staff.findById(ids.boss).lean())?.role).toBe('manager');
  await page.close();
});

test('a salesperson reads a sentence about who the dashboard is for, not an HTTP error', async () => {
  const { page } = await openDashboard(narrow, { devUser: 'anna', role: 'sales' });
  expect(await page.locator('main.dash').getAttribute('data-phase')).toBe('failed');
  expect(await page.locator('.dash__failure').getAttribute('data-kind')).toBe('forbidden');
  const text = await page.locator('main.dash').innerText();
  expect(text).toContain('团队看板只对经理和管理员开放');
  expect(text).not.toMatch(/403|forbidden|requires role/i);
  await screenshot(page, 'dashboard-sales-375');
  await page.close();
});

test('a manager in no department is told why there is nothing to count, not shown "· · 1 人" and zero bars', async () => {
  const { page } = await openDashboard(wide, { devUser: 'loner', role: 'manager' });
  expect(await page.locator('main.dash').getAttribute('data-phase')).toBe('ready');
  expect(await page.locator('[data-state="no-department"]').innerText()).toContain('还没有归属的部门');
  expect(await page.locator('[data-panel]').count()).toBe(0);
  expect(await page.locator('main.dash').innerText()).not.toContain('1 人');
  await screenshot(page, 'dashboard-no-department-1280');
  await page.close();
});

test('first paint ships ≤ 120 KB of gzipped JS: ECharts is a chunk of its own, loaded on demand', async () => {
  const dist = path.resolve('mini-app/dist');
  type Chunk = { file: string; imports?: string[]; dynamicImports?: string[] };
  const manifest = JSON.parse(await readFile(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const initial = new Set<string>();
  const walk = (key: string) => {
    const chunk = manifest[key]!;
    if (initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const dep of chunk.imports ?? []) walk(dep);
  };
  walk('dashboard.html');
  expect([...initial].some((f) => f.includes('echarts'))).toBe(false);
  let bytes = 0;
  for (const f of initial) bytes += gzipSync(await readFile(path.join(dist, f)), { level: 9 }).length;
  expect(bytes / 1024).toBeLessThanOrEqual(120);
});
