import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encryptEventPayload } from '../../src/channels/dingtalk/event-cipher.js';
import { computeEventSignature } from '../../src/channels/dingtalk/event-signature.js';
import { RobotSignUse } from '../../src/channels/dingtalk/robot-sign-use-model.js';
import { computeRobotSign } from '../../src/channels/dingtalk/verify-robot-sign.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { buildSignedCallback, buildUrlVerification } from '../support/simulators/wecom/signed-callback.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';
import { useTestDatabase } from '../support/test-db.js';
import { dingtalkVectors } from '../support/vectors/dingtalk-vectors.js';

/**
 * "Nothing acknowledged is ever lost, nothing forged gets in" at the callback edge: each case was
 * a reproduction first (a 500, an accepted replay, a stored forgery), then fixed.
 */
const [official] = dingtalkVectors.eventCrypto;
const secrets = { token: official.token, aesKey: official.aesKey, ownerKey: official.ownerKey };

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let dt: DingTalkSimulator;
let env: WecomTestEnv;

beforeAll(async () => {
  db = await useTestDatabase();
  dt = await startDingTalkSimulator({ appKey: official.ownerKey });
  env = await startWecomTestEnv({ ...dingtalkAppEnv(dt, { token: official.token, aesKey: official.aesKey }), CALLBACK_BODY_LIMIT_BYTES: '65536' });
});
afterAll(async () => {
  await env?.close();
  await dt?.close();
  await db?.drop();
});

const url = (path: string) => env.app.baseUrl + path;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const plain = (externalUserId: string) => env.contactEvent({ changeType: 'add_external_contact', userId: 'sales01', externalUserId });

async function postXml(path: string, body: string) {
  const res = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: res.status, text: await res.text() };
}

describe('WeCom POST: envelope read without a parser, signature first', () => {
  test('5,000 nested elements around a signed Encrypt are a 400, not a 500, and store nothing', async () => {
    const cb = buildSignedCallback(env.callbackApp, plain('wmDeep'));
    const body = `<xml>${'<a>'.repeat(5000)}<Encrypt><![CDATA[${cb.encrypt}]]></Encrypt>${'</a>'.repeat(5000)}</xml>`;
    const before = await InboxEvent.countDocuments();
    expect((await postXml(cb.path, body)).status).toBe(400);
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('deep nesting inside a validly signed and encrypted plaintext is a 400 too', async () => {
    const inner = `<xml>${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}</xml>`;
    expect((await env.post(inner)).status).toBe(400);
  });

  test('a valid callback still goes through', async () => {
    expect(await env.post(plain('wmFine'))).toEqual({ status: 200, body: '' });
    expect(await InboxEvent.countDocuments({ 'payload.externalUserId': 'wmFine' })).toBe(1);
  });
});

describe('timestamp freshness (CALLBACK_MAX_SKEW_SECONDS, default 300)', () => {
  test.each([
    ['2001', String(Date.UTC(2001, 0, 1) / 1000)],
    ['0', '0'],
    ['-1', '-1'],
    ['abc', 'abc'],
    ['a year ahead', String(nowSeconds() + 365 * 86_400)],
    ['six minutes old', String(nowSeconds() - 360)],
  ])('WeCom: a validly signed callback stamped %s is refused and stores nothing', async (_name, timestamp) => {
    const before = await InboxEvent.countDocuments();
    const res = await env.post(plain(`wmStale${randomBytes(3).toString('hex')}`), { timestamp });
    expect(res.status).toBe(400);
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('WeCom: a retry 15 s late (same timestamp) is admitted and deduped', async () => {
    const cb = buildSignedCallback(env.callbackApp, plain('wmRetry'), { timestamp: String(nowSeconds() - 15) });
    expect((await postXml(cb.path, cb.body)).status).toBe(200);
    expect((await postXml(cb.path, cb.body)).status).toBe(200);
    expect(await InboxEvent.countDocuments({ 'payload.externalUserId': 'wmRetry' })).toBe(1);
  });

  test('WeCom GET URL verification is not age-checked (it changes nothing)', async () => {
    const v = buildUrlVerification(env.callbackApp, '424242', { timestamp: '1409659589' });
    const res = await fetch(url(v.path));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('424242');
  });

  function pushEvent(plaintext: string, timestamp: string) {
    const encrypt = encryptEventPayload({ aesKey: secrets.aesKey, ownerKey: secrets.ownerKey, plaintext });
    const nonce = randomBytes(4).toString('hex');
    const signature = computeEventSignature(secrets.token, timestamp, nonce, encrypt);
    return env.app.request('POST', `/callbacks/dingtalk/events?signature=${signature}&timestamp=${encodeURIComponent(timestamp)}&nonce=${nonce}`, { body: { encrypt } });
  }

  test.each([
    ['2001', String(Date.UTC(2001, 0, 1))],
    ['0', '0'],
    ['-1', '-1'],
    ['abc', 'abc'],
    ['a year ahead', String(Date.now() + 365 * 86_400_000)],
    ['in seconds instead of ms', String(nowSeconds())],
  ])('DingTalk events: a validly signed push stamped %s is a 401 and stores nothing', async (_name, timestamp) => {
    const before = await InboxEvent.countDocuments();
    const res = await pushEvent(JSON.stringify({ EventType: 'user_leave_org', UserId: ['x'], TimeStamp: Date.now() }), timestamp);
    expect(res.status).toBe(401);
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('DingTalk events: a fresh push is stored; check_url is answered whatever its age', async () => {
    const res = await pushEvent(JSON.stringify({ EventType: 'some_new_event', n: randomBytes(4).toString('hex') }), String(Date.now() - 10_000));
    expect(res.status).toBe(200);
    const q = official.query;
    const check = await env.app.request('POST', `/callbacks/dingtalk/events?msg_signature=${q.msg_signature}&timeStamp=${q.timeStamp}&nonce=${q.nonce}`, { body: { encrypt: official.encrypt } });
    expect(check.status).toBe(200);
  });
});

describe('DingTalk robot: one (timestamp, sign) pair carries one msgId', () => {
  function postRobot(body: unknown, timestamp: string, sign = computeRobotSign(timestamp, dt.appSecret)) {
    return env.app.request('POST', '/callbacks/dingtalk/robot', { body, headers: { timestamp, sign } });
  }
  const message = (msgId: string, content = '/help') =>
    robotMessage({ msgId, sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s', sessionWebhookExpiredTime: Date.now() + 3_600_000, text: { content } });

  test('the same message again with the same pair is fine; another body under that pair is a 401', async () => {
    const timestamp = String(Date.now());
    const msgId = `msg${randomBytes(6).toString('hex')}`;
    expect((await postRobot(message(msgId), timestamp)).status).toBe(200);
    expect((await postRobot(message(msgId), timestamp)).status).toBe(200);
    const before = await InboxEvent.countDocuments();
    expect((await postRobot(message(`msg${randomBytes(6).toString('hex')}`, '/customer 删除'), timestamp)).status).toBe(401);
    expect(await InboxEvent.countDocuments()).toBe(before);
    expect(await RobotSignUse.countDocuments({ timestamp, msgId })).toBe(1);
  });

  test('concurrent different messages under one pair: exactly one gets in', async () => {
    const timestamp = String(Date.now() - 1000);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => postRobot(message(`race${i}${randomBytes(4).toString('hex')}`), timestamp)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
  });

  test('expired pairs are deleted explicitly (the test server ignores TTL indexes)', async () => {
    await RobotSignUse.create({ sign: 'old', timestamp: '1', msgId: 'm', expiresAt: new Date(Date.now() - 1000) });
    // A fresh app's ledger purges on its first claim.
    const { startTestApp } = await import('../support/test-app.js');
    const other = await startTestApp({ env: dingtalkAppEnv(dt, { token: official.token, aesKey: official.aesKey }) });
    try {
      const timestamp = String(Date.now());
      const res = await other.request('POST', '/callbacks/dingtalk/robot', {
        body: message(`msg${randomBytes(6).toString('hex')}`),
        headers: { timestamp, sign: computeRobotSign(timestamp, dt.appSecret) },
      });
      expect(res.status).toBe(200);
      expect(await RobotSignUse.countDocuments({ sign: 'old' })).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('unauthenticated CPU: body cap and rate limit', () => {
  test('a callback body over 64 KB is a 413 before anything is parsed', async () => {
    const cb = buildSignedCallback(env.callbackApp, plain('wmBig'));
    const body = cb.body.replace('</xml>', `<Pad>${'x'.repeat(70 * 1024)}</Pad></xml>`);
    expect((await postXml(cb.path, body)).status).toBe(413);
    const timestamp = String(Date.now());
    const res = await fetch(url('/callbacks/dingtalk/robot'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', timestamp, sign: computeRobotSign(timestamp, dt.appSecret) },
      body: JSON.stringify(message2(70 * 1024)),
    });
    expect(res.status).toBe(413);
  });

  function message2(padding: number) {
    return robotMessage({ msgId: `msg${randomBytes(6).toString('hex')}`, pad: 'x'.repeat(padding) });
  }

  test('a 413 closes the connection instead of leaving the unread body on a keep-alive socket', async () => {
    const port = new URL(env.app.baseUrl).port;
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /callbacks/wecom?msg_signature=a&timestamp=1&nonce=2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 200000\r\nConnection: keep-alive\r\n\r\n`);
    socket.write('x'.repeat(10_000));
    await closed;
    const response = Buffer.concat(chunks).toString('latin1');
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response.toLowerCase()).toContain('connection: close');
  });

  test('per source IP: beyond the burst, 429 with Retry-After; other routes are not limited', async () => {
    const { startTestApp } = await import('../support/test-app.js');
    const limited = await startTestApp({ env: { CALLBACK_RATE_LIMIT_PER_MINUTE: '1', CALLBACK_RATE_LIMIT_BURST: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.baseUrl}/callbacks/wecom?msg_signature=a&timestamp=1&nonce=2`)).status);
      expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
      const last = await fetch(`${limited.baseUrl}/callbacks/dingtalk/events`, { method: 'POST', body: '{}' });
      expect(last.status).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await fetch(`${limited.baseUrl}/healthz`)).status).toBe(200);
      // A client cannot pick a fresh source address by sending X-Forwarded-For (no proxy is configured).
      const spoofed = await fetch(`${limited.baseUrl}/callbacks/dingtalk/events`, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(spoofed.status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  test('behind one trusted proxy, the address that proxy appended is the source', async () => {
    const { startTestApp } = await import('../support/test-app.js');
    const proxied = await startTestApp({ env: { CALLBACK_RATE_LIMIT_PER_MINUTE: '1', CALLBACK_RATE_LIMIT_BURST: '2', TRUST_PROXY_HOPS: '1' } });
    try {
      const from = (ip: string) =>
        fetch(`${proxied.baseUrl}/callbacks/dingtalk/events`, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': `10.9.9.9, ${ip}` } });
      for (let i = 0; i < 2; i++) expect((await from('203.0.113.1')).status).not.toBe(429);
      expect((await from('203.0.113.1')).status).toBe(429);
      // Another client behind the same proxy has its own budget; the spoofable left-most entry is ignored.
      expect((await from('203.0.113.2')).status).not.toBe(429);
    } finally {
      await proxied.close();
    }
  });
});
