import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getJsApiSignature } from '@wecom/crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appModules } from '../../../src/app/app-modules.js';
import { AccessTokenModel, cacheKeyFor, createAccessTokenCache } from '../../../src/channels/shared/access-token-cache.js';
import { createWecomModule } from '../../../src/channels/wecom/wecom-module.js';
import { startWecomSimulator, type WecomSimulator } from '../../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

interface JssdkVector {
  jsapi_ticket: string;
  noncestr: string;
  timestamp: string;
  url: string;
  expectedSignature: string;
}
const vectorFile = fileURLToPath(new URL('../../support/vectors/wecom.json', import.meta.url));
const vectorE = (JSON.parse(readFileSync(vectorFile, 'utf8')) as { jssdk: JssdkVector[] }).jssdk[0]!;

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let app: TestApp;
let token: string;
const PUBLIC = 'https://crm.example.test';

function wecomEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    WECOM_CORP_ID: sim.corpId,
    WECOM_SECRET: sim.secret,
    WECOM_AGENT_ID: String(sim.agentId),
    WECOM_API_BASE: sim.baseUrl,
    PUBLIC_BASE_URL: PUBLIC,
    ...extra,
  };
}

/** The tickets as WeCom holds them, asked for directly (not through the code under test). */
async function simulatorTickets(): Promise<{ corp: string; agent: string; accessToken: string }> {
  const get = async (p: string) => (await fetch(`${sim.baseUrl}/cgi-bin/${p}`)).json() as Promise<Record<string, string>>;
  const { access_token: accessToken } = await get(`gettoken?corpid=${sim.corpId}&corpsecret=${sim.secret}`);
  const corp = (await get(`get_jsapi_ticket?access_token=${accessToken}`)).ticket!;
  const agent = (await get(`ticket/get?type=agent_config&access_token=${accessToken}`)).ticket!;
  return { corp, agent, accessToken: accessToken! };
}

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator();
  app = await startTestApp({ env: wecomEnv() });
  token = await app.login('wangxm', 'sales');
});
afterAll(async () => {
  await app.close();
  await sim.close();
  await db.drop();
});

describe('GET /api/wecom/jssdk-config', () => {
  test('requires a signed-in staff member', async () => {
    const res = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(`${PUBLIC}/sidebar/`)}`);
    expect(res.status).toBe(401);
  });

  test('signs wx.config with the corp ticket and wx.agentConfig with the app ticket, fetching each once and never returning them', async () => {
    sim.resetCalls();
    const page = `${PUBLIC}/sidebar/?entry=1&x=中文#/timeline`;
    const first = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(page)}`, { token });
    const second = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(page)}`, { token });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({ corpId: sim.corpId, agentId: String(sim.agentId) });
    // One ticket fetch each for both requests: cached (in MongoDB), as the hourly limits require.
    expect(sim.callCount('get_jsapi_ticket')).toBe(1);
    expect(sim.callCount('ticket/get')).toBe(1);

    const tickets = await simulatorTickets();
    const signedUrl = page.split('#')[0]!;
    for (const res of [first, second]) {
      const { config, agentConfig } = res.body as Record<'config' | 'agentConfig', { timestamp: number; nonceStr: string; signature: string }>;
      expect(config.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(Math.abs(config.timestamp - Date.now() / 1000)).toBeLessThan(60); // seconds, not ms (40093)
      const oracle = (ticket: string, s: { timestamp: number; nonceStr: string }) =>
        getJsApiSignature({ url: signedUrl, ticket, nonceStr: s.nonceStr, timestamp: s.timestamp }).signature;
      expect(config.signature).toBe(oracle(tickets.corp, config));
      expect(agentConfig.signature).toBe(oracle(tickets.agent, agentConfig));
      expect(agentConfig.signature).not.toBe(oracle(tickets.corp, agentConfig));
      const raw = JSON.stringify(res.body);
      for (const secret of [tickets.corp, tickets.agent, tickets.accessToken, sim.secret]) expect(raw).not.toContain(secret);
    }
  });

  test('passes vector E (Doc 96909) with the ticket shared through the MongoDB cache by another instance', async () => {
    // Another instance already fetched the corp ticket: it is in the shared cache, WeCom is not asked.
    const key = cacheKeyFor('wecom-jsapi-ticket', `${sim.corpId}:${sim.agentId}`, sim.secret);
    // Seeded through a cache of its own, as that instance would have: the stored ticket is sealed.
    await AccessTokenModel.deleteOne({ _id: key });
    const otherInstance = createAccessTokenCache({
      platform: 'wecom-jsapi-ticket',
      appId: `${sim.corpId}:${sim.agentId}`,
      secret: sim.secret,
      fetchToken: async () => ({ token: vectorE.jsapi_ticket, expiresInSeconds: 3600 }),
    });
    expect(await otherInstance.get()).toBe(vectorE.jsapi_ticket);
    const modules = [
      ...appModules.filter((m) => m.name !== 'wecom'),
      createWecomModule({ jssdk: { now: () => Number(vectorE.timestamp) * 1000, nonce: () => vectorE.noncestr } }),
    ];
    const vectorApp = await startTestApp({ env: wecomEnv({ PUBLIC_BASE_URL: 'http://mp.weixin.qq.com' }), modules });
    try {
      sim.resetCalls();
      const staff = await vectorApp.login('wangxm', 'sales');
      const res = await vectorApp.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(vectorE.url)}`, { token: staff });
      expect(res.status).toBe(200);
      expect(res.body.config).toEqual({
        timestamp: Number(vectorE.timestamp),
        nonceStr: vectorE.noncestr,
        signature: vectorE.expectedSignature,
      });
      expect(sim.callCount('get_jsapi_ticket')).toBe(0);
      // And the arithmetic, independently: sha1 of the documented string1.
      const string1 = `jsapi_ticket=${vectorE.jsapi_ticket}&noncestr=${vectorE.noncestr}&timestamp=${vectorE.timestamp}&url=${vectorE.url}`;
      expect(createHash('sha1').update(string1).digest('hex')).toBe(res.body.config.signature);
    } finally {
      await vectorApp.close();
      await AccessTokenModel.deleteOne({ _id: key });
    }
  });

  test('refuses to sign pages of other sites and malformed input, without asking WeCom', async () => {
    sim.resetCalls();
    for (const url of ['https://evil.example/sidebar/', 'http://crm.example.test/sidebar/', 'not a url', '']) {
      const res = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(url)}`, { token });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
    const extra = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(`${PUBLIC}/`)}&ticket=1`, { token });
    expect(extra.status).toBe(400);
    expect(sim.calls.size).toBe(0);
  });

  test('WeCom errors and missing configuration are reported, not hidden', async () => {
    const unconfigured = await startTestApp({ env: { PUBLIC_BASE_URL: PUBLIC } });
    try {
      const staff = await unconfigured.login('wangxm', 'sales');
      const res = await unconfigured.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(`${PUBLIC}/sidebar/`)}`, { token: staff });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain('WECOM_CORP_ID');
    } finally {
      await unconfigured.close();
    }

    // A fresh cache (new agent id → new cache key) and WeCom refusing the app ticket (48002).
    const other = await startTestApp({ env: wecomEnv({ WECOM_AGENT_ID: '1000999' }) });
    try {
      const staff = await other.login('wangxm', 'sales');
      sim.failNext('ticket/get', 48002);
      const res = await other.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(`${PUBLIC}/sidebar/`)}`, { token: staff });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain('48002');
    } finally {
      await other.close();
    }

    const foreign = await app.login('mallory', 'admin', [], 'other-co');
    const res = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(`${PUBLIC}/sidebar/`)}`, { token: foreign });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('tenant');
  });
});
