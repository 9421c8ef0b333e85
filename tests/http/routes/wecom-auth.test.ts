import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Staff } from '../../../src/crm/models/staff.js';
import { startWecomSimulator, type WecomSimulator } from '../../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let app: TestApp;
const PUBLIC = 'https://crm.example.test';

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator();
  sim.addStaff({ userid: 'WangXiaoMing', name: '王小明', department: [2] });
  sim.addStaff({ userid: 'lina', name: '李娜', department: [2] });
  sim.addStaff({ userid: 'gone', name: '离职', department: [2] });
  app = await startTestApp({
    env: {
      WECOM_CORP_ID: sim.corpId,
      WECOM_SECRET: sim.secret,
      WECOM_AGENT_ID: String(sim.agentId),
      WECOM_API_BASE: sim.baseUrl,
      PUBLIC_BASE_URL: PUBLIC,
    },
  });
  await app.login('WangXiaoMing', 'manager', ['east']); // already a CRM user (a manager)
  await app.login('gone', 'sales');
  await Staff.updateOne({ userId: 'gone' }, { $set: { active: false } });
});
afterAll(async () => {
  await app.close();
  await sim.close();
  await db.drop();
});

const login = (body: unknown) => app.request('POST', '/api/auth/wecom', { body });

describe('GET /api/auth/wecom/authorize', () => {
  test('redirects to WeCom OAuth2 snsapi_base, returning to the page on this site', async () => {
    // redirect: 'manual' — the real WeCom host is not contacted from tests.
    const raw = await fetch(`${app.baseUrl}/api/auth/wecom/authorize?returnTo=%2Fsidebar%2F%3Flang%3Den&state=abc123XYZ`, {
      redirect: 'manual',
    });
    expect(raw.status).toBe(302);
    const location = raw.headers.get('location')!;
    expect(location.endsWith('#wechat_redirect')).toBe(true);
    const target = new URL(location);
    expect(target.origin + target.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(Object.fromEntries(target.searchParams)).toEqual({
      appid: sim.corpId,
      redirect_uri: `${PUBLIC}/sidebar/?lang=en`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'abc123XYZ',
      agentid: String(sim.agentId),
    });
  });

  test('is no open redirect and checks the state format', async () => {
    for (const query of [
      'returnTo=%2F%2Fevil.example%2F&state=a1',
      'returnTo=https%3A%2F%2Fevil.example%2F&state=a1',
      'returnTo=%2F%5Cevil.example&state=a1',
      'returnTo=%2Fsidebar%2F&state=has-dash',
      `returnTo=%2Fsidebar%2F&state=${'a'.repeat(129)}`,
      'returnTo=%2Fsidebar%2F',
    ]) {
      const res = await fetch(`${app.baseUrl}/api/auth/wecom/authorize?${query}`, { redirect: 'manual' });
      expect(res.status, query).toBe(400);
    }
  });
});

describe('POST /api/auth/wecom', () => {
  test('a code WeCom issued for a member yields a JWT for that member (existing role kept)', async () => {
    const code = sim.issueOAuthCode({ userid: 'WangXiaoMing' });
    const res = await login({ code });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.expiresIn).toBeGreaterThan(0);
    const me = await app.request('GET', '/api/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.staff).toMatchObject({ userId: 'WangXiaoMing', role: 'manager', departments: ['east'] });
  });

  test('codes are single use: the second exchange fails with 401', async () => {
    const code = sim.issueOAuthCode({ userid: 'WangXiaoMing' });
    expect((await login({ code })).status).toBe(200);
    const again = await login({ code });
    expect(again.status).toBe(401);
    expect((await login({ code: 'never-issued' })).status).toBe(401);
  });

  test('a member not yet in the CRM is provisioned from the WeCom directory with the least role', async () => {
    expect(await Staff.countDocuments({ userId: 'lina' })).toBe(0);
    const res = await login({ code: sim.issueOAuthCode({ userid: 'lina' }) });
    expect(res.status).toBe(200);
    const me = await app.request('GET', '/api/me', { token: res.body.token });
    expect(me.body.staff).toMatchObject({ userId: 'lina', name: '李娜', role: 'sales' });
  });

  test('a WeCom name longer than the CRM allows is trimmed, not a 400; departments come along', async () => {
    sim.addStaff({ userid: 'longname', name: `  ${'名'.repeat(80)}  `, department: [7, 8] });
    const res = await login({ code: sim.issueOAuthCode({ userid: 'longname' }) });
    expect(res.status).toBe(200);
    const staff = await Staff.findOne({ userId: 'longname' }).lean();
    expect(staff).toMatchObject({ name: '名'.repeat(64), role: 'sales', departments: ['7', '8'] });
  });

  test('non-members and deactivated accounts are refused, and nothing is created for them', async () => {
    const before = await Staff.countDocuments();
    const outsider = await login({ code: sim.issueOAuthCode({ openid: 'oAbc', external_userid: 'wmExt' }) });
    expect(outsider.status).toBe(403);
    const inactive = await login({ code: sim.issueOAuthCode({ userid: 'gone' }) });
    expect(inactive.status).toBe(403);
    expect(inactive.body.error.message).toContain('deactivated');
    expect(await Staff.countDocuments()).toBe(before);
  });

  test('the identity comes only from WeCom: a client-supplied user id is rejected outright', async () => {
    const code = sim.issueOAuthCode({ userid: 'lina' });
    const res = await login({ code, userId: 'WangXiaoMing' });
    expect(res.status).toBe(400);
    for (const body of [{}, { code: '' }, { code: 'x'.repeat(513) }, { code: 42 }]) {
      expect((await login(body)).status, JSON.stringify(body)).toBe(400);
    }
    // The code was not consumed by the rejected request.
    expect((await login({ code })).status).toBe(200);
  });

  test('WeCom being down is a 503, not a login', async () => {
    const code = sim.issueOAuthCode({ userid: 'lina' });
    sim.failNext('auth/getuserinfo', -1, 10);
    const res = await login({ code });
    expect(res.status).toBe(503);
  });
});
