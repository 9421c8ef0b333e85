import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { seedSidebarScenario, type SidebarScenario } from '../support/e2e/seed-sidebar.js';

// The sidebar end to end in dev mode: real Koa app, real (MongoDB-wire) database, real headless Chromium.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let browser: Chromium;
let s: SidebarScenario;
let token: string;

const ACTIVITIES = 45;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  s = await seedSidebarScenario(app.service.deps.defaultTenantId, { activities: ACTIVITIES });
  token = await app.login(s.userId, 'sales');
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const api = async <T = any>(path: string) => {
  const res = await app.request<T>('GET', path, { token });
  expect(res.status, path).toBe(200);
  return res.body;
};

async function open(params: Record<string, string>, expected: 'ready' | 'failed' = 'ready'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  expect(await openSidebar(page, devUrl(app.baseUrl, { devUser: s.userId, ...params }))).toBe(expected);
  return { page, errors };
}

/** Nine in the morning, tenant time (Asia/Shanghai), `days` calendar days from today there. */
const nineAm = (days: number) =>
  DateTime.now().setZone('Asia/Shanghai').plus({ days }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO();

describe('sidebar, dev mode, against the real app', () => {
  test('unbound contact → create the customer from the WeCom profile → two-tap follow-up → in the timeline and the API', async () => {
    const { page, errors } = await open({ externalUserId: s.freshExternalUserId });
    await page.locator('[data-screen="unbound"]').waitFor();
    expect(await page.getByText('尚未关联 CRM 客户').count()).toBe(1);
    // Prefilled from the WeCom profile.
    expect(await page.getByLabel('名称').inputValue()).toBe('刘洋');
    expect(await page.getByLabel('公司').inputValue()).toBe('苏州启明制造');
    await page.getByLabel('手机号').fill('139 1111 2222');
    await screenshot(page, 'unbound-create');
    await page.getByRole('button', { name: '创建并关联' }).click();

    await page.locator('[data-screen="card"]').waitFor();
    const view = await api(`/api/contacts/${s.freshExternalUserId}`);
    expect(view.customer).toMatchObject({ name: '刘洋', company: '苏州启明制造', phones: ['13911112222'] });
    expect(await page.getByRole('heading', { name: /刘洋/ }).count()).toBeGreaterThan(0);

    // Tap 1: a quick template on the card opens the sheet with it filled in. Tap 2: save.
    await page.getByRole('button', { name: '已发送报价' }).click();
    const sheet = page.getByRole('dialog', { name: '记录跟进' });
    await sheet.waitFor();
    expect(await sheet.getByLabel('内容').inputValue()).toBe('已发送报价');
    await screenshot(page, 'follow-up-sheet');
    await sheet.getByRole('button', { name: '保存' }).click();
    await sheet.waitFor({ state: 'hidden' });

    const activities = await api(`/api/customers/${view.customer.id}/activities?limit=5`);
    const logged = activities.items.find((a: { type: string }) => a.type === 'follow_up');
    expect(logged).toMatchObject({ content: '已发送报价', channel: 'wechat', source: 'sidebar', author: { name: '王小明' } });

    await page.getByRole('tab', { name: '时间线' }).click();
    const first = page.locator('.timeline__item').first();
    await first.waitFor();
    expect(await first.getAttribute('data-id')).toBe(logged.id);
    expect(await first.innerText()).toContain('已发送报价');
    expect(await first.innerText()).toContain('侧边栏');
    await screenshot(page, 'timeline-after-follow-up');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('unbound contact → a name-only candidate asks before binding, and the binding can be undone', async () => {
    const { page, errors } = await open({ externalUserId: s.unboundExternalUserId });
    const candidates = page.getByRole('region', { name: '可能是这些客户' });
    await candidates.waitFor();
    expect(await candidates.innerText()).toContain('名称相似');
    expect(await page.getByRole('region', { name: '跟进此客户的同事' }).innerText()).toContain('赵磊');
    await screenshot(page, 'unbound-candidates');
    // Same name only: a confirmation first; cancelling binds nothing.
    await page.getByRole('button', { name: '关联到客户 陈静' }).click();
    // Vant's dialog names itself by its title text, not an id: find it by its title.
    const dialog = page.locator('.van-dialog').filter({ hasText: '确认关联' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('只是名字相同');
    await screenshot(page, 'bind-confirm');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await api(`/api/contacts/${s.unboundExternalUserId}`)).customer).toBeNull();

    await page.getByRole('button', { name: '关联到客户 陈静' }).click();
    await dialog.getByRole('button', { name: '关联' }).click();
    await page.locator('[data-screen="card"]').waitFor();
    expect((await api(`/api/contacts/${s.unboundExternalUserId}`)).customer.id).toBe(s.candidateCustomerId);
    const notice = page.getByTestId('linked-notice');
    expect(await notice.innerText()).toContain('已关联到「陈静」');
    await screenshot(page, 'bind-linked-undo');

    // Undo: back to the unlinked screen, nothing deleted.
    await notice.getByRole('button', { name: '撤销' }).click();
    await page.locator('[data-screen="unbound"]').waitFor();
    expect((await api(`/api/contacts/${s.unboundExternalUserId}`)).customer).toBeNull();
    expect((await api(`/api/customers/${s.candidateCustomerId}`)).name).toBe('陈静');
    // Bound again for the tests below.
    await page.getByRole('button', { name: '关联到客户 陈静' }).click();
    await dialog.getByRole('button', { name: '关联' }).click();
    await page.locator('[data-screen="card"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  test('contact card: every field, colleagues, and the stage chips change the stage', async () => {
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId });
    const card = page.locator('[data-screen="card"]');
    await card.waitFor();
    // Name and company once, in the header; the card below starts with what to do next.
    const header = await page.locator('.app-header').innerText();
    expect(header).toContain('张伟');
    expect(header).toContain('上海云帆科技有限公司');
    const text = await card.innerText();
    expect(text).not.toContain('张伟');
    expect(text).not.toContain('上海云帆科技有限公司');
    for (const expected of ['重点客户', '华东', '王小明', '李娜', '13800138000', '下次跟进', '最近联系', 'A']) {
      expect(text, expected).toContain(expected);
    }
    expect(await page.getByRole('link', { name: '拨打 13800138000' }).getAttribute('href')).toBe('tel:13800138000');
    expect(await page.getByRole('region', { name: '跟进此客户的同事' }).innerText()).toContain('备注：张总-云帆');
    const stages = page.getByRole('group', { name: '阶段' });
    expect(await stages.getByRole('button', { pressed: true }).innerText()).toBe('意向');
    await screenshot(page, 'card');

    await stages.getByRole('button', { name: '把阶段改为 谈判' }).click();
    await stages.getByRole('button', { name: '把阶段改为 谈判', pressed: true }).waitFor();
    expect((await api(`/api/customers/${s.boundCustomerId}`)).stage).toBe('negotiating');
    const newest = (await api(`/api/customers/${s.boundCustomerId}/activities?limit=1`)).items[0];
    expect(newest).toMatchObject({ type: 'stage_changed', source: 'sidebar', data: { from: 'intent', to: 'negotiating' } });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('timeline: every activity, newest first, loaded by infinite scroll to the end', async () => {
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId });
    let total = 0;
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const pageOfItems: { items: unknown[]; nextCursor: string | null } = await api(
        `/api/customers/${s.boundCustomerId}/activities?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      total += pageOfItems.items.length;
      cursor = pageOfItems.nextCursor;
    }
    expect(total).toBeGreaterThan(ACTIVITIES);

    await page.getByRole('tab', { name: '时间线' }).click();
    const items = page.locator('.timeline__item');
    await items.first().waitFor();
    expect(await items.count()).toBe(20); // one page
    for (let i = 0; i < 10 && (await items.count()) < total; i++) {
      await items.last().scrollIntoViewIfNeeded();
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(150);
    }
    await page.getByText('没有更多了').waitFor();
    expect(await items.count()).toBe(total);
    const times = await items.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect([...times].sort().reverse()).toEqual(times);
    expect(await items.filter({ hasText: '第 1 次沟通' }).count()).toBe(1);
    await screenshot(page, 'timeline', { fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('follow-up with channel, free text, 明天 and an inline stage change', async () => {
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId });
    await page.getByRole('button', { name: '记跟进' }).click();
    const sheet = page.getByRole('dialog', { name: '记录跟进' });
    await sheet.waitFor();
    await sheet.getByLabel('内容').fill('电话确认了合同条款，下周签约');
    await sheet.getByRole('group', { name: '方式' }).getByRole('button', { name: '电话' }).click();
    await sheet.getByRole('group', { name: '下次联系' }).getByRole('button', { name: '明天' }).click();
    expect(await sheet.getByTestId('next-preview').innerText()).toBe('明天 09:00');
    await sheet.getByRole('group', { name: '阶段' }).getByRole('button', { name: '把阶段改为 成交' }).click();
    await screenshot(page, 'follow-up-sheet-filled');
    await sheet.getByRole('button', { name: '保存' }).click();
    await sheet.waitFor({ state: 'hidden' });

    const customer = await api(`/api/customers/${s.boundCustomerId}`);
    expect(customer.stage).toBe('won');
    expect(customer.nextFollowUpAt).toBe(nineAm(1));
    const [stageChange, followUp] = (await api(`/api/customers/${s.boundCustomerId}/activities?limit=2`)).items;
    expect(followUp).toMatchObject({ type: 'follow_up', channel: 'phone', content: '电话确认了合同条款，下周签约', data: { nextFollowUpAt: nineAm(1) } });
    expect(stageChange).toMatchObject({ type: 'stage_changed', data: { to: 'won' } });
    // The card shows what was saved.
    expect(await page.getByRole('group', { name: '阶段' }).getByRole('button', { pressed: true }).innerText()).toBe('成交');
    expect(await page.locator('[data-screen="card"]').innerText()).toContain('明天 09:00');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('reminders: the client’s and the others’, and a new one for this client', async () => {
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId });
    await page.getByRole('tab', { name: '提醒' }).click();
    const panel = page.locator('[data-screen="reminders"]');
    await panel.waitFor();
    await panel.getByLabel('提醒内容').fill('发送合同终稿');
    await panel.getByRole('group', { name: '时间' }).getByRole('button', { name: '3天后' }).click();
    await panel.getByRole('button', { name: '添加' }).click();
    await panel.locator('.reminders__mine').getByText('发送合同终稿').waitFor();
    const reminders = await api('/api/reminders?status=open');
    const created = reminders.items.find((r: { text: string }) => r.text === '发送合同终稿');
    expect(created).toMatchObject({ customerId: s.boundCustomerId, dueAt: nineAm(3) });
    // Reminders for other clients are listed too, and can be ticked off from here.
    expect(await panel.innerText()).toContain('其他客户');
    expect(await panel.innerText()).toContain('回访试用情况');
    await screenshot(page, 'reminders');
    await panel.getByRole('button', { name: '完成提醒：回访试用情况' }).click();
    await panel.getByText('回访试用情况').waitFor({ state: 'detached' });
    const after = await api('/api/reminders?status=open');
    expect(after.items.map((r: { text: string }) => r.text)).not.toContain('回访试用情况');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('an expired session is renewed silently and the card appears', async () => {
    const page = await browser.newPage();
    const statuses: string[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) statuses.push(`${r.request().method()} ${path} ${r.status()}`);
    });
    expect(await openSidebar(page, devUrl(app.baseUrl, { devUser: s.userId, externalUserId: s.boundExternalUserId, simulate: 'expired' }))).toBe('ready');
    await page.locator('[data-screen="card"]').waitFor();
    expect(statuses).toContain('GET /api/me 401');
    expect(statuses.filter((x) => x.startsWith('POST /api/auth/dev'))).toEqual(['POST /api/auth/dev 200']);
    expect(statuses).toContain('GET /api/me 200');
    await page.close();
  });

  test('a contact outside the CRM (or outside my scope) says so', async () => {
    const { page } = await open({ externalUserId: 'wmNobody' }, 'failed');
    expect(await page.getByRole('alert').getAttribute('data-state')).toBe('notFound');
    await screenshot(page, 'state-not-found');
    await page.close();
  });

  test('opened from a record link (?customerId=, e.g. a chat command card) it shows that customer without a chat', async () => {
    const { page, errors } = await open({ customerId: s.boundCustomerId });
    await page.locator('[data-screen="card"]').waitFor();
    const customer = await api(`/api/customers/${s.boundCustomerId}`);
    expect(await page.getByRole('heading', { name: customer.name }).count()).toBeGreaterThan(0);
    await screenshot(page, 'card-from-link');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('English, and desktop WeCom width', async () => {
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId, lang: 'en' });
    const card = page.locator('[data-screen="card"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('Next follow-up');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, 'card-en');
    await page.setViewportSize({ width: 900, height: 700 });
    await screenshot(page, 'card-desktop');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('tab', { name: '时间线' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
