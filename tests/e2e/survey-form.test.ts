import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { SurveyResponse } from '../../src/crm/surveys/survey-response-model.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { serviceTemplate } from '../surveys/survey-fixtures.js';

// The client's side end to end: a phone-sized Chromium posing as WeChat's in-app browser opens the link, answers, sees the thank-you.
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  const admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
  expect((await app.request('POST', '/api/surveys/templates', { token: admin, body: serviceTemplate })).status).toBe(201);
  browser = await launchChromium({ viewport: { width: 375, height: 667 }, userAgent: WECHAT_UA });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('the client fills the survey form on a 375×667 phone and sees the thank-you', async () => {
  const customer = (await app.request('POST', '/api/customers', { token: alice, body: { name: '张三' } })).body;
  const invited = (await app.request('POST', '/api/surveys/invitations', { token: alice, body: { customerId: customer.id, templateKey: 'service' } })).body;
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto(app.baseUrl + new URL(invited.url).pathname);
  await expect(page.locator('h1').textContent()).resolves.toBe('服务满意度');
  // The 0–10 scale wraps inside the phone's width: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.locator('fieldset[data-item="speed"] label', { hasText: '5' }).click();
  await page.locator('fieldset[data-item="quality"] label', { hasText: '4' }).click();
  await page.locator('fieldset[data-item="nps"] label').filter({ hasText: /^9$/ }).click();
  await page.locator('fieldset[data-item="channel"] label', { hasText: '微信' }).click();
  await page.locator('textarea[name="comment"]').fill('师傅很专业，上门很准时');
  await screenshot(page, 'survey-form-filled', { fullPage: true });

  await page.getByRole('button', { name: '提交' }).click();
  await page.waitForSelector('[data-page="thanks"]');
  await expect(page.locator('h1').textContent()).resolves.toBe('感谢您的反馈！');
  await screenshot(page, 'survey-form-thanks');
  expect(errors).toEqual([]);

  const response = await SurveyResponse.findOne({ customerId: new Types.ObjectId(customer.id) }).lean();
  expect(response!.answers).toEqual([
    { key: 'speed', value: 5 },
    { key: 'quality', value: 4 },
    { key: 'nps', value: 9 },
    { key: 'channel', value: 'wechat' },
    { key: 'comment', value: '师傅很专业，上门很准时' },
  ]);
  expect(await Activity.countDocuments({ customerId: new Types.ObjectId(customer.id), type: 'survey_answered' })).toBe(1);

  // Back and submit again: the used link answers with its page, not a second response.
  await page.goBack();
  await page.reload();
  await expect(page.locator('h1').textContent()).resolves.toBe('您已经提交过了');
  await screenshot(page, 'survey-form-used');
  expect(await SurveyResponse.countDocuments({ customerId: new Types.ObjectId(customer.id) })).toBe(1);
});
