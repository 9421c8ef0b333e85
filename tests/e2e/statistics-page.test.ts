import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { Staff } from '../../src/crm/models/staff.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
import { deliverDomainEvents } from '../support/deliver-domain-events.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// The statistics page end to end: built page, real app and database, headless Chromium at 1280×800.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  const tokens: Record<string, string> = {};
  for (const [user, dept] of [['anna', 'east'], ['ben', 'east'], ['cici', 'west']] as const) tokens[user] = await app.login(user, 'sales', [dept]);
  await app.login('boss', 'manager', ['east', 'west']);
  for (const [user, name] of [['anna', '安娜'], ['ben', '本'], ['cici', '茜茜'], ['boss', '老板']] as const) await Staff.updateOne({ userId: user }, { $set: { name } });
  const post = async (user: string, path: string, body: Record<string, unknown>) => {
    const res = await app.request('POST', path, { token: tokens[user], body });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  for (const [user, name, source, follows] of [['anna', '甲', '展会', 4], ['anna', '乙', '展会', 2], ['ben', '丙', '官网', 1], ['cici', '丁', '转介绍', 3]] as const) {
    const c = await post(user, '/api/customers', { name, source });
    for (let i = 0; i < follows; i++) await post(user, `/api/customers/${c.id}/follow-ups`, { channel: 'phone', content: `第${i + 1}次`, nextFollowUp: 'none' });
    if (name === '甲') {
      expect((await app.request('PATCH', `/api/customers/${c.id}`, { token: tokens[user], body: { stage: '成交' } })).status).toBe(200);
      const deal = await post(user, '/api/deals', { customerId: c.id, title: '首单', amount: 1_200_000 });
      expect((await app.request('PATCH', `/api/deals/${deal.id}`, { token: tokens[user], body: { version: deal.version, stage: '赢单' } })).status).toBe(200);
    }
  }
  // Satisfaction answers taken on calls (speed weighs 2, quality 1): 安娜 (10 + 2) / 3 = 4, 本 3; east (10 + 2 + 6 + 3) / 6 = 3.5.
  const admin = await app.login('root', 'admin');
  const { serviceTemplate } = await import('../surveys/survey-fixtures.js');
  expect((await app.request('POST', '/api/surveys/templates', { token: admin, body: serviceTemplate })).status).toBe(201);
  for (const [user, name, speed, quality] of [['anna', '乙', 5, 2], ['ben', '丙', 3, 3]] as const) {
    const customer = (await app.request('GET', `/api/customers?q=${encodeURIComponent(name)}`, { token: tokens[user] })).body.items[0];
    await post(user, '/api/surveys/responses', { customerId: customer.id, templateKey: 'service', answers: { speed, quality, nps: 8 } });
  }
  expect(await Activity.countDocuments({ relayed: false })).toBeGreaterThan(0);
  await deliverDomainEvents(app);
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('a manager compares each rep with their department average and sees customers by source, with charts', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/statistics.html?devUser=boss&role=manager`);
  await page.locator('[data-panel="reps"] [data-chart="ready"]').waitFor();
  const rows = await page.locator('tr[data-row="rep"]').allInnerTexts();
  const row = (name: string) => rows.find((r) => r.startsWith(name))!;
  // east: 安娜 6 follow-ups, 本 1, 老板 0 → average 2.33; west: 茜茜 3 (and 老板 0) → 1.5.
  expect(row('安娜')).toMatch(/安娜\s+east\s+6（2\.33）\s+2\s+1\s+¥12,000（¥4,000）\s+未设目标/);
  expect(row('本')).toMatch(/本\s+east\s+1（2\.33）/);
  expect(row('茜茜')).toMatch(/茜茜\s+west\s+3（1\.5）/);
  expect(await page.locator('tr[data-row="dimension"]').allInnerTexts()).toEqual(['展会\t2\t1\t50%', '官网\t1\t0\t0%', '转介绍\t1\t0\t0%']);
  await page.locator('[data-panel="dimension"] [data-chart="ready"]').waitFor();
  await page.locator('[data-panel="satisfaction"] [data-chart="ready"]').waitFor();
  const satisfaction = await page.locator('tr[data-row="satisfaction"]').allInnerTexts();
  expect(satisfaction.find((r) => r.startsWith('安娜'))).toMatch(/安娜\s+east\s+4（3\.5）\s+0\s+1/);
  expect(satisfaction.find((r) => r.startsWith('本'))).toMatch(/本\s+east\s+3（3\.5）/);
  await screenshot(page, 'statistics-1-page', { fullPage: true });

  const download = page.waitForEvent('download');
  await page.locator('[data-role="export-reps"]').click();
  expect((await download).suggestedFilename()).toMatch(/^员工统计-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a salesperson sees only their own row', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.baseUrl}/sidebar/statistics.html?devUser=cici&role=sales`);
  await page.locator('tr[data-row="rep"]').first().waitFor();
  expect((await page.locator('tr[data-row="rep"]').allInnerTexts()).map((r) => r.split('\t')[0])).toEqual(['茜茜']);
  expect(new Types.ObjectId()).toBeTruthy();
  await page.close();
});

test('the funnel of the period, and an admin sets the KPIs the staff assessment scores', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.baseUrl}/sidebar/statistics.html?devUser=root&role=admin`);
  await page.locator('[data-panel="funnel"] [data-chart="ready"]').waitFor();
  // Four customers created this month; 甲 went from 潜在 straight to 成交 within the test run.
  expect(await page.locator('tr[data-row="funnel"]').allInnerTexts()).toEqual(['潜在\t4\t25%\t0 天（1 次）', '意向\t1\t100%\t—', '谈判\t1\t100%\t—', '成交\t1\t—\t—']);
  await page.locator('[data-role="no-kpis"]').waitFor();

  const kpi = (i: number, field: string) => page.locator('tr[data-row="kpi"]').nth(i).locator(`[data-field="${field}"]`);
  await page.locator('[data-role="add-kpi"]').click();
  await page.locator('[data-role="add-kpi"]').click();
  await kpi(0, 'name').fill('跟进');
  await kpi(0, 'category').fill('过程');
  await kpi(0, 'target').fill('4');
  await kpi(0, 'weight').fill('40');
  await kpi(1, 'name').fill('赢单金额');
  await kpi(1, 'category').fill('结果');
  await kpi(1, 'metric').selectOption('wonAmount');
  await kpi(1, 'target').fill('10000');
  await kpi(1, 'weight').fill('50');
  await kpi(1, 'baseScore').fill('50');
  expect(await page.locator('[data-role="weight-sum"]').innerText()).toMatch(/权重合计 90%/);
  await page.locator('[data-role="save-kpis"]').click();
  await expect.poll(() => page.locator('[data-role="problem"]').innerText()).toMatch(/kpis: weights must sum to 100 \(they sum to 90\)/);
  await kpi(1, 'weight').fill('60');
  await page.locator('[data-role="save-kpis"]').click();
  await page.locator('tr[data-row="assessment"]').first().waitFor();
  await page.locator('[data-panel="assessment"] [data-chart="ready"]').waitFor();
  // Base 60×40% + 50×60% = 54. 安娜: 6/4 follow-ups → 120 (capped), ¥12,000/¥10,000 → 120 → 120;
  // 本: 1/4 → 25 → 10; 茜茜: 3/4 → 75 → 30. east (安娜, 本, 老板) averages 43.3, west (茜茜, 老板) 15.
  const rows = await page.locator('tr[data-row="assessment"]').allInnerTexts();
  const row = (name: string) => rows.find((r) => r.startsWith(name))!;
  expect(row('安娜')).toMatch(/^安娜\s+east\s+120（6）\s+120（¥12,000）\s+120\s+\+66\s+43\.3$/);
  expect(row('本')).toMatch(/^本\s+east\s+25（1）\s+0（¥0）\s+10\s+-44\s+43\.3$/);
  expect(row('茜茜')).toMatch(/^茜茜\s+west\s+75（3）\s+0（¥0）\s+30\s+-24\s+15$/);
  expect(await page.locator('[data-panel="assessment"] h2').innerText()).toMatch(/基准分 54/);
  await screenshot(page, 'statistics-2-funnel-assessment', { fullPage: true });

  const download = page.waitForEvent('download');
  await page.locator('[data-role="export-assessment"]').click();
  expect((await download).suggestedFilename()).toMatch(/^考核-\d{4}-\d{2}\.csv$/);
  expect(errors).toEqual([]);
  await page.close();

  // A manager reads the assessment but gets no editor.
  const manager = await browser.newPage();
  await manager.goto(`${app.baseUrl}/sidebar/statistics.html?devUser=boss&role=manager`);
  await manager.locator('tr[data-row="assessment"]').first().waitFor();
  expect(await manager.locator('[data-panel="kpi-editor"]').count()).toBe(0);
  await manager.close();
}, 120_000);
