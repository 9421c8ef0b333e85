import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { Staff } from '../../src/crm/models/staff.js';
import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { watchErrors } from '../support/e2e/open-sidebar.js';
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
  while ((await relayActivities(app.service.deps.inbox, app.service.deps.domainEvents)) > 0);
  await app.service.deps.inbox.drain();
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
