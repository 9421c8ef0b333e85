import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { devUrl, openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// Every way the sidebar can fail to show a client has its own explained screen — never a blank page.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let noDevLogin: TestApp;
let browser: Chromium;

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  app = await startTestApp();
  noDevLogin = await startTestApp({ env: { ALLOW_DEV_LOGIN: '0' } });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await noDevLogin?.close();
  await db?.drop();
});

async function failureScreen(url: string, shot: string) {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  try {
    expect(await openSidebar(page, url)).toBe('failed');
    const alert = page.getByRole('alert');
    const state = await alert.getAttribute('data-state');
    const text = (await alert.innerText()).replace(/\s+/g, ' ');
    await screenshot(page, shot);
    expect(errors).toEqual([]);
    return { page, state, text, retry: page.getByRole('button', { name: '重试' }) };
  } catch (error) {
    await page.close();
    throw error;
  }
}

describe('failure states (dev mode, real app, real Chromium)', () => {
  test('not inside WeCom', async () => {
    const s = await failureScreen(devUrl(app.baseUrl, { devUser: 'wangxm', externalUserId: 'wm1', simulate: 'notInWeCom' }), 'state-not-in-wecom');
    expect(s.state).toBe('notInWeCom');
    expect(s.text).toContain('请在企业微信中打开');
    expect(await s.retry.count()).toBe(0);
    await s.page.close();
  });

  test('agentConfig failed: the reason and the admin fixes (trusted domain, visibility)', async () => {
    const s = await failureScreen(devUrl(app.baseUrl, { devUser: 'wangxm', externalUserId: 'wm1', simulate: 'agentConfigFail' }), 'state-agent-config-failed');
    expect(s.state).toBe('agentConfigFailed');
    expect(s.text).toContain('应用身份校验失败');
    expect(s.text).toContain('agentConfig:fail invalid signature');
    expect(s.text).toContain('可信域名');
    expect(s.text).toContain('可见范围');
    expect(await s.retry.count()).toBe(1);
    await s.page.close();
  });

  test('no 客户联系 permission', async () => {
    const s = await failureScreen(devUrl(app.baseUrl, { devUser: 'wangxm', externalUserId: 'wm1', simulate: 'noPermission' }), 'state-no-permission');
    expect(s.state).toBe('noPermission');
    expect(s.text).toContain('没有客户联系权限');
    expect(s.text).toContain('getCurExternalContact:fail no permission');
    expect(s.text).toContain('可调用接口的应用');
    await s.page.close();
  });

  test('opened where there is no current client (group chat, workbench)', async () => {
    const s = await failureScreen(devUrl(app.baseUrl, { devUser: 'wangxm' }), 'state-no-contact-context');
    expect(s.state).toBe('noContactContext');
    expect(s.text).toContain('请从客户单聊中打开');
    await s.page.close();
  });

  test('dev login switched off on the server', async () => {
    const s = await failureScreen(devUrl(noDevLogin.baseUrl, { devUser: 'wangxm', externalUserId: 'wm1' }), 'state-dev-login-disabled');
    expect(s.state).toBe('devLoginDisabled');
    expect(s.text).toContain('ALLOW_DEV_LOGIN=1');
    await s.page.close();
  });

  test('network error with retry: a real connection failure, then recovery on tap', async () => {
    const page = await browser.newPage();
    try {
      await page.route('**/api/**', (route) => route.abort('connectionrefused'));
      expect(await openSidebar(page, devUrl(app.baseUrl, { devUser: 'wangxm', externalUserId: 'wm1', lang: 'en' }))).toBe('failed');
      const alert = page.getByRole('alert');
      expect(await alert.getAttribute('data-state')).toBe('network');
      expect(await alert.innerText()).toContain('Network error');
      await screenshot(page, 'state-network-en');
      await page.unroute('**/api/**');
      await page.getByRole('button', { name: 'Retry' }).click();
      await page.locator('[data-state="network"]').waitFor({ state: 'detached' });
    } finally {
      await page.close();
    }
  });

  test('the simulated network switch shows the same screen and recovers on retry', async () => {
    const s = await failureScreen(devUrl(app.baseUrl, { devUser: 'wangxm', externalUserId: 'wm1', simulate: 'network' }), 'state-network');
    expect(s.state).toBe('network');
    expect(s.text).toContain('网络连接失败');
    await s.retry.click();
    await s.page.locator('[data-state="network"]').waitFor({ state: 'detached' });
    await s.page.close();
  });
});
