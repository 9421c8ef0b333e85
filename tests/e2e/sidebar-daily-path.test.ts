import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { Activity } from '../../src/crm/models/activity.js';
import { useTestDatabase } from '../support/test-db.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { seedSidebarScenario, type SidebarScenario } from '../support/e2e/seed-sidebar.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

// Issue 13 (sidebar) and 14 (deals on the card), end to end: real app with WeCom pointed at the
// simulator, real database, real Chromium at 375×667 in dev mode.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let browser: Chromium;
let s: SidebarScenario;
let token: string;
const T0 = 1_700_000_000;
const ZONE = 'Asia/Shanghai';

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  env = await startWecomTestEnv();
  s = await seedSidebarScenario(env.app.service.deps.defaultTenantId, { activities: 3 });
  token = await env.app.login(s.userId, 'sales');
  // WeCom as the simulator has it: the salesperson, the bound client, the corp tag library.
  env.sim.addStaff({ userid: s.userId, name: '王小明', department: [1] });
  env.sim.addContact({ external_userid: s.boundExternalUserId, name: '张伟', type: 2, corp_name: '上海云帆科技' });
  env.sim.addFollow({ userid: s.userId, external_userid: s.boundExternalUserId, createtime: T0 });
  env.sim.tagGroups = [
    { group_id: 'grpLevel', group_name: '客户等级', create_time: T0, order: 1, tag: [
      { id: 'tagVip', name: 'VIP', create_time: T0, order: 2 },
      { id: 'tagNormal', name: '普通', create_time: T0, order: 1 },
    ] },
  ];
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  await db?.drop();
});

const api = async <T = any>(method: string, path: string, body?: unknown) => {
  const res = await env.app.request<T>(method, path, { token, body });
  expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
};

async function open(params: Record<string, string>, expected: 'ready' | 'failed' = 'ready'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  expect(await openSidebar(page, devUrl(env.app.baseUrl, { devUser: s.userId, ...params }))).toBe(expected);
  return { page, errors };
}

const toast = (page: Page, text: string) => page.locator('.van-toast').filter({ hasText: text }).waitFor();

/** Next week's Tuesday (weeks start on Monday) at 14:00 in the tenant's zone. */
const nextTuesdayAfternoon = () =>
  DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1, days: 1 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO();

async function newCustomer(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await api<{ id: string }>('POST', '/api/customers', { name, ...extra })).id;
}

describe('the next follow-up is honest, and "下周二下午" takes three taps', () => {
  test('the default shows what the cycle will do; 不设置 really clears an overdue date', async () => {
    const id = await newCustomer('周期客户', { contactCycleDays: 7, nextFollowUpAt: DateTime.now().minus({ days: 3 }).toUTC().toISO() });
    const { page, errors } = await open({ customerId: id });
    expect(await page.getByTestId('next-follow-up').innerText()).toContain('已逾期');
    await page.getByRole('button', { name: '记跟进' }).click();
    const sheet = page.getByRole('dialog', { name: '记录跟进' });
    await sheet.waitFor();
    const cycleDate = DateTime.now().setZone(ZONE).plus({ days: 7 });
    const byCycle = sheet.getByRole('button', { name: `按周期：${cycleDate.month}月${cycleDate.day}日` });
    expect(await byCycle.getAttribute('aria-pressed')).toBe('true');
    await sheet.getByLabel('内容').fill('客户说下个月再联系');
    await sheet.getByRole('button', { name: '不设置', exact: true }).click();
    expect(await sheet.getByTestId('next-preview').innerText()).toBe('保存后不再设置下次跟进');
    await screenshot(page, 'follow-up-none');
    await sheet.getByRole('button', { name: '保存' }).click();
    await sheet.waitFor({ state: 'hidden' });
    expect((await api('GET', `/api/customers/${id}`)).nextFollowUpAt).toBeNull();
    expect(await page.getByTestId('next-follow-up').innerText()).toContain('未安排下次跟进');
    // The latest note is at the top of the card at once.
    expect(await page.getByTestId('latest-note').innerText()).toContain('客户说下个月再联系');

    // 选时间… → 下周二 → 下午: three taps.
    await page.getByRole('button', { name: '记跟进' }).click();
    await sheet.getByLabel('内容').fill('约了下周二下午演示');
    await sheet.getByRole('button', { name: '选时间…' }).click();
    await sheet.getByRole('button', { name: /^下周二（/ }).click();
    await sheet.getByRole('button', { name: '下午 14:00' }).click();
    expect(await sheet.getByTestId('next-preview').innerText()).toContain('14:00');
    await screenshot(page, 'follow-up-next-tuesday-afternoon');
    await sheet.getByRole('button', { name: '保存' }).click();
    await sheet.waitFor({ state: 'hidden' });
    expect((await api('GET', `/api/customers/${id}`)).nextFollowUpAt).toBe(nextTuesdayAfternoon());
    expect(await page.getByTestId('next-follow-up').innerText()).toContain('14:00');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('reminders use the same picker, and the loaded timeline shows the new reminder and a stage change', async () => {
    const id = await newCustomer('提醒客户');
    const { page, errors } = await open({ customerId: id });
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('.timeline__item').first().waitFor();
    await page.getByRole('tab', { name: '提醒' }).click();
    await page.getByLabel('提醒内容').fill('发合同');
    const form = page.locator('[data-screen="reminders"] form');
    await form.getByRole('button', { name: '选时间…' }).click();
    await form.getByRole('button', { name: /^下周二（/ }).click();
    await form.getByRole('button', { name: '下午 14:00' }).click();
    await screenshot(page, 'reminder-picker');
    await form.getByRole('button', { name: '添加' }).click();
    await toast(page, '已添加提醒');
    const reminders = (await api<{ items: { customerId: string; dueAt: string; text: string }[] }>('GET', '/api/reminders?status=open')).items;
    expect(reminders.find((r) => r.customerId === id)).toMatchObject({ text: '发合同', dueAt: nextTuesdayAfternoon() });

    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('.timeline__item[data-type="reminder_set"]').waitFor();
    await page.getByRole('tab', { name: '客户' }).click();
    await page.getByRole('group', { name: '阶段' }).getByRole('button', { name: '把阶段改为 谈判' }).click();
    await toast(page, '阶段已改为「谈判」');
    await page.getByRole('tab', { name: '时间线' }).click();
    const first = page.locator('.timeline__item').first();
    await page.locator('.timeline__item[data-type="stage_changed"]').first().waitFor();
    expect(await first.getAttribute('data-type')).toBe('stage_changed');
    await screenshot(page, 'timeline-refreshed');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('editing on the card', () => {
  test('tags, level and phones in place; a bad phone gets a sentence naming the field', async () => {
    const id = await newCustomer('编辑客户', { tags: ['老客户'], phones: ['13800000001'] });
    const { page, errors } = await open({ customerId: id });
    await page.getByRole('button', { name: '编辑 标签' }).click();
    await page.getByLabel('新标签').fill('华南');
    await page.getByRole('button', { name: '加标签' }).click();
    await toast(page, '已保存');
    await page.getByRole('button', { name: '删除标签 老客户' }).click();
    await page.getByRole('button', { name: '删除标签 老客户' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '编辑 级别' }).click();
    await page.locator('[data-editor="level"]').getByRole('button', { name: 'B', exact: true }).click();
    await expect.poll(() => page.locator('.fact--level .fact__value').innerText()).toBe('B');

    await page.getByRole('button', { name: '编辑 电话' }).click();
    await page.getByLabel('电话号码').fill('abc');
    await page.getByRole('button', { name: '加电话' }).click();
    await toast(page, '「电话」不是有效的电话号码');
    await screenshot(page, 'card-phone-error');
    expect(await page.locator('body').innerText()).not.toMatch(/400|invalid input/);
    await page.getByLabel('电话号码').fill('13900000002');
    await page.getByRole('button', { name: '加电话' }).click();
    await page.getByRole('link', { name: '拨打 13900000002' }).waitFor();
    await screenshot(page, 'card-edited');

    const after = await api('GET', `/api/customers/${id}`);
    expect(after).toMatchObject({ tags: ['华南'], level: 'B', phones: ['13800000001', '13900000002'] });
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('.timeline__item[data-type="tagged"]').first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  test('WeCom corp tags are written back through mark_tag', async () => {
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId });
    const panel = page.getByTestId('corp-tags');
    expect(await panel.innerText()).toContain('未打企业标签');
    await panel.getByRole('button', { name: '编辑企业标签' }).click();
    const sheet = page.getByRole('dialog', { name: '企业微信标签' });
    await sheet.getByRole('button', { name: 'VIP' }).click();
    await screenshot(page, 'corp-tags-sheet');
    await sheet.getByRole('button', { name: '保存' }).click();
    await toast(page, '已同步到企业微信');
    await panel.locator('.van-tag').filter({ hasText: 'VIP' }).waitFor();
    expect(env.sim.getFollow(s.userId, s.boundExternalUserId)!.tags!.map((t) => t.tag_id)).toEqual(['tagVip']);
    expect(env.sim.callCount('externalcontact/mark_tag')).toBe(1);
    await screenshot(page, 'corp-tags-card');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('failures speak the user’s language', () => {
  test('an expired session and a lost connection each say what to do (zh and en)', async () => {
    const id = await newCustomer('出错客户');
    const { page, errors } = await open({ customerId: id });
    await page.route('**/api/customers/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unauthenticated', message: 'invalid token' } }) })
        : route.continue(),
    );
    await page.getByRole('group', { name: '阶段' }).getByRole('button', { name: '把阶段改为 谈判' }).click();
    await toast(page, '登录已过期，请关闭侧边栏后重新打开。');
    await page.unroute('**/api/customers/*');
    await page.route('**/api/customers/*', (route) => (route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue()));
    await page.locator('.lang-toggle').click();
    await page.getByRole('group', { name: 'Stage' }).getByRole('button', { name: /谈判/ }).click();
    await toast(page, 'No connection. Check your network and try again.');
    await screenshot(page, 'error-network-en');
    const text = await page.locator('body').innerText();
    for (const raw of ['Failed to fetch', 'unauthenticated', 'invalid token', 'signal is aborted']) expect(text).not.toContain(raw);
    await page.locator('.lang-toggle').click();
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a slow save says so within 2 s and offers a retry long before 15 s; the retry logs once', async () => {
    const id = await newCustomer('慢网客户');
    const { page, errors } = await open({ customerId: id });
    let calls = 0;
    await page.route('**/follow-ups', async (route) => {
      calls += 1;
      if (calls === 1) {
        await new Promise((r) => setTimeout(r, 9000));
        await route.abort().catch(() => {});
        return;
      }
      await route.continue();
    });
    await page.getByRole('button', { name: '记跟进' }).click();
    const sheet = page.getByRole('dialog', { name: '记录跟进' });
    await sheet.getByLabel('内容').fill('网络很慢的一次跟进');
    // Timed inside the page (from the tap to each notice), so a busy test machine's round trips don't count.
    await page.evaluate(() => {
      const w = window as unknown as { __slow: Record<string, number> };
      w.__slow = {};
      document.addEventListener('click', () => (w.__slow.tapped ??= performance.now()), { capture: true, once: true });
      new MutationObserver(() => {
        if (document.querySelector('.slow-notice')) w.__slow.slow ??= performance.now();
        if (document.querySelector('.slow-notice__retry')) w.__slow.retry ??= performance.now();
      }).observe(document.body, { subtree: true, childList: true });
    });
    await sheet.getByRole('button', { name: '保存' }).click();
    await sheet.getByText('正在保存，网络较慢…').waitFor({ timeout: 5000 });
    await sheet.getByRole('button', { name: '重试' }).waitFor({ timeout: 12_000 });
    const t = await page.evaluate(() => (window as unknown as { __slow: Record<string, number> }).__slow);
    await screenshot(page, 'follow-up-slow-retry');
    await sheet.getByRole('button', { name: '重试' }).click();
    await sheet.waitFor({ state: 'hidden' });
    expect(t.slow! - t.tapped!).toBeLessThan(2000);
    expect(t.retry! - t.tapped!).toBeLessThan(10_000);
    expect(await Activity.countDocuments({ content: '网络很慢的一次跟进' })).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the follow-up draft survives closing, reopening and a reload, until it is saved', async () => {
    const id = await newCustomer('草稿客户');
    const { page, errors } = await open({ customerId: id });
    await page.getByRole('button', { name: '记跟进' }).click();
    const sheet = page.getByRole('dialog', { name: '记录跟进' });
    await sheet.getByLabel('内容').fill('写了一半的记录');
    await sheet.getByRole('button', { name: '电话', exact: true }).click();
    await sheet.getByRole('button', { name: '关闭' }).click();
    await sheet.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '记跟进' }).click();
    expect(await sheet.getByLabel('内容').inputValue()).toBe('写了一半的记录');
    await page.reload();
    await page.locator('[data-screen="card"]').waitFor();
    await page.getByRole('button', { name: '记跟进' }).click();
    expect(await sheet.getByLabel('内容').inputValue()).toBe('写了一半的记录');
    expect(await sheet.getByRole('button', { name: '电话', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'follow-up-draft-restored');
    await sheet.getByRole('button', { name: '保存' }).click();
    await sheet.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '记跟进' }).click();
    expect(await sheet.getByLabel('内容').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('no dead ends', () => {
  test('a contact the CRM has not seen is read from WeCom at once', async () => {
    env.sim.addContact({ external_userid: 'wmLate', name: '孙丽', type: 1 });
    env.sim.addFollow({ userid: s.userId, external_userid: 'wmLate', createtime: T0 });
    const { page, errors } = await open({ externalUserId: 'wmLate' });
    expect(await page.locator('.app-header').innerText()).toContain('孙丽');
    expect((await env.app.request('GET', '/api/contacts/wmLate', { token })).status).toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('not found anywhere: search finds the client and opens the card', async () => {
    const { page } = await open({ externalUserId: 'wmGhost' }, 'failed');
    expect(await page.getByRole('alert').getAttribute('data-state')).toBe('notFound');
    await page.getByRole('searchbox', { name: '搜索客户' }).fill('张伟');
    await page.getByRole('button', { name: '搜索' }).click();
    await screenshot(page, 'not-found-search');
    await page.getByRole('button', { name: '打开客户 张伟' }).click();
    await page.locator('[data-screen="card"]').waitFor();
    expect(await page.locator('.app-header').innerText()).toContain('张伟');
    await page.close();
  });

  test('opened without a chat: create a client and work on it', async () => {
    const { page } = await open({}, 'failed');
    expect(await page.getByRole('alert').getAttribute('data-state')).toBe('noContactContext');
    await page.getByLabel('名称').fill('无聊天新客户');
    await page.getByLabel('公司').fill('宁波海岸贸易');
    await screenshot(page, 'no-chat-create');
    await page.getByRole('button', { name: '新建', exact: true }).click();
    await page.locator('[data-screen="card"]').waitFor();
    expect(await page.locator('.app-header').innerText()).toContain('无聊天新客户');
    const found = await api<{ items: { name: string; company: string }[] }>('GET', `/api/customers?q=${encodeURIComponent('无聊天新客户')}`);
    expect(found.items[0]).toMatchObject({ company: '宁波海岸贸易' });
    await page.close();

    // The same client typed again (other spacing, same company): created, and told whom it may duplicate.
    const again = (await open({}, 'failed')).page;
    await again.getByLabel('名称').fill('无聊天 新客户');
    await again.getByLabel('公司').fill('宁波海岸贸易');
    await again.getByRole('button', { name: '新建', exact: true }).click();
    await toast(again, '已新建，但可能与已有客户重复：无聊天新客户（C');
    await screenshot(again, 'no-chat-create-possible-duplicate');
    await again.close();
  });
});

describe('the rest of the card', () => {
  test('the skeleton shows while loading; a collaborator change names the people', async () => {
    const admin = await env.app.login('root', 'admin');
    const me = (t: string) => env.app.request('GET', '/api/me', { token: t }).then((r) => r.body.staff.id as string);
    const colleague = await env.app.login(`${s.userId.replace('wangxm', '')}lina`, 'sales');
    const id = await newCustomer('协作客户');
    const res = await env.app.request('PATCH', `/api/customers/${id}`, { token: admin, body: { collaboratorIds: [await me(colleague)] } });
    expect(res.status).toBe(200);

    const page = await browser.newPage();
    await page.route('**/api/me', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.goto(devUrl(env.app.baseUrl, { devUser: s.userId, customerId: id }));
    await page.locator('.boot-loading').waitFor({ state: 'visible' });
    await screenshot(page, 'skeleton');
    const box = await page.locator('.skeleton').first().boundingBox();
    expect(box!.height).toBeGreaterThan(10);
    await page.locator('[data-screen="card"]').waitFor();
    await page.getByRole('tab', { name: '时间线' }).click();
    const entry = page.locator('.timeline__item[data-type="collaborators_changed"]');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('加入：李娜');
    await page.close();
  });

  test('商机/合同: open deals, the latest quote, contracts with outstanding and next installment; a new deal from the sheet', async () => {
    const customerId = s.boundCustomerId;
    await api('POST', '/api/deals', { customerId, title: '年度维保', amount: 8_000_000, stage: 'negotiation' });
    const deal = await api<{ id: string }>('POST', '/api/deals', { customerId, title: '培训服务', amount: 1_500_000 });
    const today = DateTime.now().setZone(ZONE);
    await api('POST', `/api/deals/${deal.id}/quotes`, {
      lines: [{ name: '培训', quantity: 3, unitPrice: 500_000 }],
      validUntil: today.plus({ days: 30 }).toISODate(),
      status: 'sent',
    });
    const contract = await api<{ id: string; number: string }>('POST', '/api/contracts', { customerId, title: '维保合同', amount: 5_000_000 });
    await api('POST', `/api/contracts/${contract.id}/installments`, { dueDate: today.plus({ days: 10 }).toISODate(), amount: 2_000_000 });
    await api('POST', `/api/contracts/${contract.id}/installments`, { dueDate: today.plus({ days: 40 }).toISODate(), amount: 3_000_000 });
    await api('POST', `/api/contracts/${contract.id}/status`, { status: 'signed' });
    await api('POST', `/api/contracts/${contract.id}/payments`, { receivedDate: today.toISODate(), amount: 1_000_000 });

    const due = today.plus({ days: 10 });
    const { page, errors } = await open({ externalUserId: s.boundExternalUserId });
    const section = page.getByTestId('deals');
    await section.locator('[data-kind="contract"]').waitFor();
    const text = await section.innerText();
    for (const expected of ['年度维保', '¥80,000', '商务谈判', '培训服务', '¥15,000', '最新有效报价', contract.number, '¥50,000', '未回款 ¥40,000', `下期 ${due.year === today.year ? due.toFormat('MM/dd') : due.toISODate()} · ¥10,000`]) {
      expect(text, expected).toContain(expected);
    }
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'deals-section');

    await section.getByRole('button', { name: '+ 新建商机' }).click();
    const sheet = page.getByRole('dialog', { name: '新建商机' });
    await sheet.getByLabel('商机名称').fill('扩容项目');
    await sheet.getByLabel(/金额/).fill('120000');
    await sheet.getByRole('button', { name: /需求确认/ }).click();
    await screenshot(page, 'new-deal-sheet');
    await sheet.getByRole('button', { name: '创建' }).click();
    await toast(page, '已创建商机');
    await section.getByText('扩容项目').waitFor();
    expect(await section.innerText()).toContain('¥120,000');
    const deals = await api<{ items: { title: string; amount: number; stage: string }[] }>('GET', `/api/deals?customerId=${customerId}`);
    expect(deals.items.find((d) => d.title === '扩容项目')).toMatchObject({ amount: 12_000_000, stage: 'needs' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
