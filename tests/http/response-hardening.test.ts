import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appModules } from '../../src/app/app-modules.js';
import { Customer } from '../../src/crm/models/customer.js';
import { createSidebarStaticModule } from '../../src/features/sidebar/sidebar-module.js';
import { findUnsafeText } from '../../src/http/find-unsafe-text.js';
import { createTokenBucket } from '../../src/http/rate-limit-callbacks.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let app: TestApp;
let dist: string;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator();
  dist = await mkdtemp(path.join(tmpdir(), 'sidebar-dist-'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>sidebar</title>');
  const modules = [...appModules.filter((m) => m.name !== 'sidebar-static'), createSidebarStaticModule({ distDir: dist })];
  app = await startTestApp({
    modules,
    env: { WECOM_CORP_ID: sim.corpId, WECOM_SECRET: sim.secret, WECOM_AGENT_ID: String(sim.agentId), WECOM_API_BASE: sim.baseUrl },
  });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await rm(dist, { recursive: true, force: true });
  await db?.drop();
});

describe('headers', () => {
  test('sidebar pages may be framed by WeCom, DingTalk and ourselves only; no X-Frame-Options there', async () => {
    const res = await fetch(`${app.baseUrl}/sidebar/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
    expect(ancestors).toEqual(["'self'", 'https://*.work.weixin.qq.com', 'https://*.weixin.qq.com', 'https://*.dingtalk.com']);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  test('the API: X-Frame-Options DENY and Cache-Control no-store on every answer, errors included', async () => {
    const token = await app.login('hdr-user', 'sales');
    for (const [path, t] of [['/api/customers', token], ['/api/customers', undefined], ['/api/nope', token]] as const) {
      const res = await app.request('GET', path, t ? { token: t } : {});
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await fetch(`${app.baseUrl}/healthz`)).headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('/metrics in production', () => {
  const prod = { NODE_ENV: 'production', ALLOW_DEV_LOGIN: '0', SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') };

  test('without METRICS_TOKEN: loopback only, and not when forwarded by a proxy', async () => {
    const p = await startTestApp({ env: prod });
    try {
      expect((await fetch(`${p.baseUrl}/metrics`)).status).toBe(200);
      expect((await fetch(`${p.baseUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    } finally {
      await p.close();
    }
  });

  test('with METRICS_TOKEN: the bearer token is required', async () => {
    const p = await startTestApp({ env: { ...prod, METRICS_TOKEN: 'metrics-token-0123456789' } });
    try {
      expect((await fetch(`${p.baseUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${p.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const ok = await fetch(`${p.baseUrl}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# HELP');
    } finally {
      await p.close();
    }
  });
});

describe('JSON input hygiene', () => {
  test('invalid UTF-8 is a 400, not silently replaced and stored', async () => {
    const token = await app.login('hyg-user', 'sales');
    const body = Buffer.concat([Buffer.from('{"name":"Acme '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await fetch(`${app.baseUrl}/api/customers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(await Customer.countDocuments({ name: /^Acme/ })).toBe(0);
  });

  test.each([
    ['a NUL', '{"name":"Ac\\u0000me","company":"x"}', 'name'],
    ['a lone high surrogate', '{"name":"ok","company":"A\\ud800B"}', 'company'],
    ['a lone low surrogate in a nested value', '{"name":"ok","tags":["fine","\\udc00"]}', 'tags[1]'],
  ])('%s is a 400 naming the field', async (_name, raw, field) => {
    const token = await app.login('hyg-user', 'sales');
    const res = await app.request('POST', '/api/customers', { token, rawBody: raw, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
    expect(res.body.error.details).toEqual([{ path: field, message: expect.any(String) }]);
    expect(await Customer.countDocuments({ name: 'ok' })).toBe(0);
  });

  test('paired surrogates (emoji) and ordinary text pass', async () => {
    expect(findUnsafeText({ a: ['😀 你好', { b: 'x' }], '😀': 1 })).toBeNull();
    expect(findUnsafeText({ ['k\u0000']: 1 })).toBe('k\u0000');
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeText(deep)).toMatch(/^\$(\[0\]){100000}$/);
  });
});

describe('POST /api/auth/wecom does not echo WeCom', () => {
  test.each([[-1], [40001], [60020]])('WeCom error %i: a 503 with our own message', async (errcode) => {
    const code = sim.issueOAuthCode({ userid: 'someone' });
    sim.failNext('auth/getuserinfo', errcode, 10);
    const res = await app.request('POST', '/api/auth/wecom', { body: { code } });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('WeCom sign-in is temporarily unavailable; try again shortly');
  });
});

test('token bucket: burst, then the sustained rate, with Retry-After seconds', () => {
  let t = 0;
  const bucket = createTokenBucket({ perMinute: 60, burst: 2, now: () => t });
  expect([bucket.take('a'), bucket.take('a'), bucket.take('b')]).toEqual([0, 0, 0]);
  expect(bucket.take('a')).toBe(1);
  t += 1000;
  expect(bucket.take('a')).toBe(0);
  const small = createTokenBucket({ perMinute: 60, burst: 1, maxKeys: 3, now: () => t });
  for (const k of ['1', '2', '3', '4', '5']) small.take(k);
  expect(small.take('5')).toBeGreaterThan(0); // '5' is still tracked although keys were evicted
});
