import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { AccessTokenModel } from '../../src/channels/shared/access-token-cache.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { freePort } from '../support/free-port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { launchChromium, screenshot, type Chromium } from '../support/e2e/chromium.js';
import { ensureSidebarBuilt } from '../support/e2e/ensure-sidebar-built.js';
import { installFakeWecomClient, WECOM_USER_AGENT, type FakeWecomClient, type FakeWecomClientOptions } from '../support/e2e/fake-wecom-client.js';
import { openSidebar, watchErrors } from '../support/e2e/open-sidebar.js';
import { listenOn } from '../support/e2e/public-origin.js';
import { seedSidebarScenario, type SidebarScenario } from '../support/e2e/seed-sidebar.js';

// Production mode inside a (emulated) WeCom client: OAuth2 snsapi_base through the real server and the
// WeCom API simulator, the real @wecom/jssdk talking to a WeixinJSBridge that verifies our signatures.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let app: TestApp;
let publicSite: { origin: string; close(): Promise<void> };
let browser: Chromium;
let wecom: FakeWecomClient;
let context: BrowserContext;
let scenario: SidebarScenario;
const oauth: { appid: string; scope: string; agentid: string; redirect: string }[] = [];
const client: FakeWecomClientOptions = {
  corpId: '',
  agentId: '',
  agentTicket: async () => (await simulatorGet(`ticket/get?type=agent_config&access_token=${await simulatorToken()}`)).ticket!,
  entry: 'single_chat_tools',
  customerContactPermission: true,
};

async function simulatorGet(p: string): Promise<Record<string, string>> {
  return (await fetch(`${sim.baseUrl}/cgi-bin/${p}`)).json() as Promise<Record<string, string>>;
}
async function simulatorToken(): Promise<string> {
  return (await simulatorGet(`gettoken?corpid=${sim.corpId}&corpsecret=${sim.secret}`)).access_token!;
}

beforeAll(async () => {
  db = await useTestDatabase();
  await ensureSidebarBuilt();
  sim = await startWecomSimulator();
  sim.addStaff({ userid: 'wangxm', name: '王小明', department: [1] });
  const port = await freePort();
  app = await startTestApp({
    env: {
      WECOM_CORP_ID: sim.corpId,
      WECOM_SECRET: sim.secret,
      WECOM_AGENT_ID: String(sim.agentId),
      WECOM_API_BASE: sim.baseUrl,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    },
  });
  publicSite = await listenOn(app.service.app, port);
  scenario = await seedSidebarScenario(app.service.deps.defaultTenantId, { activities: 3 });
  client.corpId = sim.corpId;
  client.agentId = String(sim.agentId);
  browser = await launchChromium({ userAgent: WECOM_USER_AGENT });
  context = browser.context;
  wecom = await installFakeWecomClient(context, client);
  // WeCom's OAuth page: silently returns to redirect_uri with a fresh single-use code for the member.
  await context.route('https://open.weixin.qq.com/**', async (route) => {
    const url = new URL(route.request().url());
    const q = url.searchParams;
    oauth.push({ appid: q.get('appid')!, scope: q.get('scope')!, agentid: q.get('agentid')!, redirect: q.get('redirect_uri')! });
    const back = new URL(q.get('redirect_uri')!);
    back.searchParams.set('code', sim.issueOAuthCode({ userid: 'wangxm' }));
    back.searchParams.set('state', q.get('state')!);
    await route.fulfill({ status: 302, headers: { location: back.toString() } });
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await publicSite?.close();
  await app?.close();
  await sim?.close();
  await db?.drop();
});

describe('inside WeCom (emulated client, real JS-SDK, real server, WeCom simulator)', () => {
  test('OAuth round trip and a verified agentConfig; a group-chat entry explains that there is no current client', async () => {
    client.entry = 'group_chat_tools';
    oauth.length = 0;
    wecom.calls.length = 0;
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect(await openSidebar(page, `${publicSite.origin}/sidebar/`)).toBe('failed');
    expect(await page.getByRole('alert').getAttribute('data-state')).toBe('noContactContext');
    expect(await page.getByRole('alert').innerText()).toContain('entry: group_chat_tools');
    await screenshot(page, 'wecom-group-chat-entry');

    expect(oauth).toEqual([{ appid: sim.corpId, scope: 'snsapi_base', agentid: String(sim.agentId), redirect: `${publicSite.origin}/sidebar/` }]);
    // The code was exchanged server-side and removed from the address bar; the JWT stays in this tab.
    expect(new URL(page.url()).searchParams.has('code')).toBe(false);
    const stored = await page.evaluate(() => sessionStorage.getItem('chatcrm.sidebar.token'));
    const me = await app.request('GET', '/api/me', { token: stored! });
    expect(me.body.staff).toMatchObject({ userId: 'wangxm', name: '王小明' });
    // agentConfig was accepted by the emulated WeCom (it verified our signature), then getContext ran.
    expect(wecom.calls.map((c) => c.name)).toEqual(['agentConfig', 'getContext']);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('from a single chat with a bound client: OAuth, agentConfig, getCurExternalContact, then the card', async () => {
    client.entry = 'single_chat_tools';
    client.externalUserId = scenario.boundExternalUserId;
    wecom.calls.length = 0;
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect(await openSidebar(page, `${publicSite.origin}/sidebar/`)).toBe('ready');
    const card = page.locator('[data-screen="card"]');
    await card.waitFor();
    // Name and company once, in the header.
    expect(await page.locator('.app-header').innerText()).toContain('上海云帆科技有限公司');
    expect(wecom.calls.map((c) => c.name)).toEqual(['agentConfig', 'getContext', 'getCurExternalContact']);
    expect(wecom.calls[0]!.params).toMatchObject({ corpid: sim.corpId, agentid: String(sim.agentId) });
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('.timeline__item').first().waitFor();
    await screenshot(page, 'wecom-card-timeline');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('no 客户联系 permission', async () => {
    client.entry = 'single_chat_tools';
    client.externalUserId = 'wmAbc';
    client.customerContactPermission = false;
    const page = await context.newPage();
    try {
      expect(await openSidebar(page, `${publicSite.origin}/sidebar/`)).toBe('failed');
      const alert = page.getByRole('alert');
      expect(await alert.getAttribute('data-state')).toBe('noPermission');
      expect(await alert.innerText()).toContain('getCurExternalContact:fail no permission');
      await screenshot(page, 'wecom-no-permission');
    } finally {
      client.customerContactPermission = true;
      await page.close();
    }
  });

  test('an expired session re-authenticates silently through OAuth', async () => {
    client.entry = 'group_chat_tools';
    const page = await context.newPage();
    try {
      // A token the page believes valid (exp in the future) but the server rejects, there before the app starts.
      const payload = Buffer.from(JSON.stringify({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
      await page.addInitScript((t) => {
        if (location.protocol === 'http:' && !sessionStorage.getItem('seeded')) {
          sessionStorage.setItem('seeded', '1');
          sessionStorage.setItem('chatcrm.sidebar.token', t);
        }
      }, `eyJhbGciOiJIUzI1NiJ9.${payload}.bad-signature`);
      const rejected: number[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/') && r.status() === 401) rejected.push(r.status());
      });
      oauth.length = 0;
      expect(await openSidebar(page, `${publicSite.origin}/sidebar/`)).toBe('failed');
      expect(await page.getByRole('alert').getAttribute('data-state')).toBe('noContactContext');
      expect(rejected.length).toBeGreaterThanOrEqual(1); // the stale token was tried and refused
      expect(oauth).toHaveLength(1); // then one silent OAuth round trip, no prompt, no error screen
      const stored = await page.evaluate(() => sessionStorage.getItem('chatcrm.sidebar.token'));
      expect((await app.request('GET', '/api/me', { token: stored! })).status).toBe(200);
    } finally {
      await page.close();
    }
  });

  test('outside WeCom the page says so and makes no request', async () => {
    const plain = await launchChromium();
    try {
      const page = await plain.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      expect(await openSidebar(page, `${publicSite.origin}/sidebar/`)).toBe('failed');
      expect(await page.getByRole('alert').getAttribute('data-state')).toBe('notInWeCom');
      expect(requests.filter((p) => p.startsWith('/api/'))).toEqual([]);
      await screenshot(page, 'wecom-outside');
    } finally {
      await plain.close();
    }
  });

  test('WeCom rejecting agentConfig (ticket no longer valid there) shows its reason and the admin fixes', async () => {
    client.entry = 'single_chat_tools';
    // WeCom moved on to a new app ticket while our shared cache still holds the old one.
    sim.advanceClock(7300 * 1000);
    const page = await context.newPage();
    try {
      expect(await openSidebar(page, `${publicSite.origin}/sidebar/`)).toBe('failed');
      const alert = page.getByRole('alert');
      expect(await alert.getAttribute('data-state')).toBe('agentConfigFailed');
      const text = await alert.innerText();
      expect(text).toContain('agentConfig:fail invalid signature');
      expect(text).toContain('可信域名');
      await screenshot(page, 'wecom-agent-config-failed');
    } finally {
      await page.close();
      await AccessTokenModel.deleteMany({});
    }
  });
});
