import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SurveyInvitation } from '../../src/crm/surveys/survey-invitation-model.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { serviceTemplate } from '../surveys/survey-fixtures.js';

// The card's "send survey" in dev mode (no WeCom JS-SDK, so the DingTalk/desktop fallback: the link to copy), 375×667.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  const admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
  expect((await app.request('POST', '/api/surveys/templates', { token: admin, body: serviceTemplate })).status).toBe(201);
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

test('send survey on the card: an invitation is made and its link is shown to copy; an opted-out client shows badges and no button', async () => {
  const customer = (await app.request('POST', '/api/customers', { token: alice, body: { name: '张三' } })).body;
  const page = await browser.newPage();
  const errors = watchErrors(page);
  expect(await openSidebar(page, devUrl(app.baseUrl, { devUser: 'alice', customerId: customer.id }))).toBe('ready');
  await page.getByTestId('send-survey-service').click();
  const link = page.getByTestId('survey-link');
  await link.waitFor();
  const url = await link.inputValue();
  expect(url).toMatch(/\/s\/[a-f0-9]{24}\./);
  await screenshot(page, 'sidebar-survey-link', { fullPage: true });
  const invitation = await SurveyInvitation.findOne({ customerId: new Types.ObjectId(customer.id) }).lean();
  expect(url).toContain(`/s/${String(invitation!._id)}.`);

  const refuser = (await app.request('POST', '/api/customers', { token: alice, body: { name: '李四' } })).body;
  await app.request('PATCH', `/api/customers/${refuser.id}`, { token: alice, body: { doNotSurvey: true, doNotMarket: true } });
  const second = await browser.newPage();
  const secondErrors = watchErrors(second);
  expect(await openSidebar(second, devUrl(app.baseUrl, { devUser: 'alice', customerId: refuser.id }))).toBe('ready');
  await expect(second.getByTestId('do-not-survey').textContent()).resolves.toContain('不接受调查');
  await expect(second.getByTestId('do-not-market').textContent()).resolves.toContain('不接受营销');
  await second.getByTestId('survey-refused').waitFor();
  expect(await second.getByTestId('send-survey-service').count()).toBe(0);
  await screenshot(second, 'sidebar-opt-out-badges');
  expect([...errors, ...secondErrors]).toEqual([]);
});
