import { afterAll, beforeAll, expect, test } from 'vitest';
import { encryptEventPayload } from '../../src/channels/dingtalk/event-cipher.js';
import { computeEventSignature } from '../../src/channels/dingtalk/event-signature.js';
import { computeRobotSign } from '../../src/channels/dingtalk/verify-robot-sign.js';
import { msgSignature as computeSignature } from '../../src/channels/shared/msg-crypt.js';
import { encryptFeishuEvent } from '../../src/channels/feishu/decrypt-event.js';
import { computeFeishuSignature } from '../../src/channels/feishu/verify-signature.js';
import { computeSlackSignature } from '../../src/channels/slack/verify-request.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { buildSignedCallback, buildUrlVerification } from '../support/simulators/wecom/signed-callback.js';
import { startWecomTestEnv, TEST_TOKEN, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';
import { useTestDatabase } from '../support/test-db.js';
import { dingtalkVectors } from '../support/vectors/dingtalk-vectors.js';
import { feishuAppEnv, startFeishuSimulator, type FeishuSimulator } from '../support/simulators/feishu/feishu-simulator.js';
import { slackAppEnv, startSlackSimulator, type SlackSimulator } from '../support/simulators/slack/slack-simulator.js';
import { feishuVectors } from '../support/vectors/feishu-slack-vectors.js';

/**
 * Generated mutations of signed and unsigned callbacks for every callback route. Seeded
 * (FUZZ_SEED overrides), so a failure names its seed and case and reproduces exactly.
 * Invariants: no 5xx; a refusal (4xx) stores nothing; nothing is ever sent to a platform.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_c0de);
const CASES_PER_ROUTE = 90;
const CAP = 64 * 1024;
const [official] = dingtalkVectors.eventCrypto;
const secrets = { token: official.token, aesKey: official.aesKey, ownerKey: official.ownerKey };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let dt: DingTalkSimulator;
let env: WecomTestEnv;
let fs: FeishuSimulator;
let slack: SlackSimulator;
const FEISHU_TOKEN = 'fuzzVerificationToken0123456789';
const FEISHU_KEY = feishuVectors[1]!.encryptKey;
const SLACK_SECRET = 'fuzz-signing-secret-0123456789abcdef';

beforeAll(async () => {
  db = await useTestDatabase();
  dt = await startDingTalkSimulator({ appKey: official.ownerKey });
  fs = await startFeishuSimulator();
  slack = await startSlackSimulator();
  env = await startWecomTestEnv({
    ...dingtalkAppEnv(dt, { token: official.token, aesKey: official.aesKey }),
    ...feishuAppEnv(fs, { verificationToken: FEISHU_TOKEN, encryptKey: FEISHU_KEY }),
    ...slackAppEnv(slack, SLACK_SECRET),
    CALLBACK_BODY_LIMIT_BYTES: String(CAP),
    // The fuzzer is one source IP sending hundreds of requests a second.
    CALLBACK_RATE_LIMIT_PER_MINUTE: '1000000',
    CALLBACK_RATE_LIMIT_BURST: '1000000',
  });
});
afterAll(async () => {
  await env?.close();
  await dt?.close();
  await fs?.close();
  await slack?.close();
  await db?.drop();
});

// ---- mutations on text ------------------------------------------------------------------------
const flipByte = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  const i = int(b.length);
  b[i] = b[i]! ^ (1 << int(8));
  return b;
};
const truncate = (s: string) => s.slice(0, int(s.length));
const damageBase64 = (b64: string) => {
  const i = int(b64.length);
  return pick([
    () => b64.slice(0, i) + pick(['!', '-', '_', ' ', '\n', '%', 'A']) + b64.slice(i + 1),
    () => b64.replace(/=+$/, ''),
    () => `${b64}=`,
    () => b64.slice(0, b64.length - 4 * (1 + int(3))),
    () => `${b64}AAAA`,
    () => b64.slice(4),
  ])();
};
const ODD_TIMESTAMPS = ['0', '-1', 'abc', '', ' ', '1e10', '978307200', '99999999999999999999', '1.5', '0x10', '٣٣٣'];
// Headers carry bytes, not text: fetch refuses a header value outside Latin-1, so header timestamps use these.
const HEADER_TIMESTAMPS = ODD_TIMESTAMPS.filter((t) => t.trim() && /^[\x20-\xff]*$/.test(t));
const nowSeconds = () => Math.floor(Date.now() / 1000);
let serial = 0;
const unique = () => `${SEED.toString(36)}x${(serial++).toString(36)}`;

interface Probe {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

async function send(p: Probe): Promise<number> {
  const body = p.method !== 'POST' ? undefined : typeof p.body === 'string' ? p.body : p.body && new Uint8Array(p.body);
  const res = await fetch(env.app.baseUrl + p.path, { method: p.method, headers: p.headers, body });
  await res.arrayBuffer();
  return res.status;
}

const failures: string[] = [];
let statuses: Record<string, number> = {};

/** Sends a probe and checks the invariants; `success` is the route's documented success status. */
async function check(route: string, p: Probe, success = 200): Promise<void> {
  const before = await InboxEvent.countDocuments();
  let status: number;
  try {
    status = await send(p);
  } catch (error) {
    failures.push(`${route} ${p.name}: request failed (${(error as Error).message})`);
    return;
  }
  statuses[`${route} ${status}`] = (statuses[`${route} ${status}`] ?? 0) + 1;
  const after = await InboxEvent.countDocuments();
  if (status >= 500) failures.push(`${route} ${p.name}: ${status}`);
  else if (status !== success && (status < 400 || status >= 500)) failures.push(`${route} ${p.name}: unexpected ${status}`);
  else if (status !== success && after !== before) failures.push(`${route} ${p.name}: refused with ${status} but stored ${after - before} event(s)`);
  else if (after - before > 1) failures.push(`${route} ${p.name}: stored ${after - before} events for one request`);
}

// ---- WeCom --------------------------------------------------------------------------------------
const xmlHeaders = (type = 'text/xml') => ({ 'content-type': type });

function wecomPost(): Probe {
  const plain = env.contactEvent({ changeType: 'add_external_contact', userId: 'sales01', externalUserId: `wm${unique()}` });
  const timestampCase = rand() < 0.15;
  const cb = buildSignedCallback(env.callbackApp, plain, timestampCase ? { timestamp: pick([...ODD_TIMESTAMPS, String(nowSeconds() - 3600), String(nowSeconds() + 86_400)]) } : {});
  const resign = (encrypt: string) => `/callbacks/wecom?${new URLSearchParams({ ...cb.query, msg_signature: computeSignature(TEST_TOKEN, cb.query.timestamp, cb.query.nonce, encrypt) })}`;
  const envelope = (encrypt: string) => cb.body.replace(cb.encrypt, encrypt);
  if (timestampCase) return { name: `timestamp ${cb.query.timestamp}`, method: 'POST', path: cb.path, headers: xmlHeaders(), body: cb.body };
  const kind = int(14);
  const mutations: Array<() => Probe> = [
    () => ({ name: 'byte flip', method: 'POST', path: cb.path, headers: xmlHeaders(), body: flipByte(cb.body) }),
    () => ({ name: 'truncated', method: 'POST', path: cb.path, headers: xmlHeaders(), body: truncate(cb.body) }),
    () => {
      const damaged = damageBase64(cb.encrypt);
      return { name: 'base64 damage, re-signed', method: 'POST', path: resign(damaged), headers: xmlHeaders(), body: envelope(damaged) };
    },
    () => ({ name: 'base64 damage, old signature', method: 'POST', path: cb.path, headers: xmlHeaders(), body: envelope(damageBase64(cb.encrypt)) }),
    () => ({ name: 'padding to the cap', method: 'POST', path: cb.path, headers: xmlHeaders(), body: cb.body.replace('</xml>', `${' '.repeat(CAP - cb.body.length - 10)}</xml>`) }),
    () => ({ name: 'over the cap', method: 'POST', path: cb.path, headers: xmlHeaders(), body: cb.body.replace('</xml>', `<P>${'x'.repeat(CAP + int(4096))}</P></xml>`) }),
    () => {
      const n = 100 + int(20_000);
      return { name: `nesting ${n}`, method: 'POST', path: cb.path, headers: xmlHeaders(), body: `<xml>${'<a>'.repeat(n)}<Encrypt><![CDATA[${cb.encrypt}]]></Encrypt>${'</a>'.repeat(n)}</xml>` };
    },
    () => ({ name: 'DOCTYPE + entity', method: 'POST', path: cb.path, headers: xmlHeaders(), body: `<!DOCTYPE xml [<!ENTITY e "${'x'.repeat(100)}"><!ENTITY f "&e;&e;&e;">]>${cb.body.replace('<AgentID>', '<AgentID>&f;')}` }),
    () => ({ name: 'wrong content type', method: 'POST', path: cb.path, headers: xmlHeaders(pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])), body: cb.body }),
    () => ({ name: 'duplicated Encrypt', method: 'POST', path: cb.path, headers: xmlHeaders(), body: cb.body.replace('</xml>', `<Encrypt><![CDATA[${cb.encrypt}]]></Encrypt></xml>`) }),
    () => ({ name: 'duplicated query field', method: 'POST', path: `${cb.path}&msg_signature=${cb.query.msg_signature}`, headers: xmlHeaders(), body: cb.body }),
    () => ({ name: 'no signature', method: 'POST', path: cb.path.replace(/msg_signature=[^&]+&?/, ''), headers: xmlHeaders(), body: cb.body }),
    () => ({ name: 'unsigned garbage', method: 'POST', path: '/callbacks/wecom?msg_signature=a&timestamp=1&nonce=2', headers: xmlHeaders(), body: Buffer.from(Array.from({ length: int(2048) }, () => int(256))) }),
    () => {
      // A validly signed, decryptable envelope around hostile plaintext.
      const inner = pick([`<xml>${'<a>'.repeat(3000)}</xml>`, '<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>', '<xml><MsgType>text', '\u0000', '{"json":true}']);
      const hostile = buildSignedCallback(env.callbackApp, inner);
      return { name: 'hostile plaintext', method: 'POST', path: hostile.path, headers: xmlHeaders(), body: hostile.body };
    },
  ];
  return mutations[kind]!();
}

function wecomGet(): Probe {
  const v = buildUrlVerification(env.callbackApp, `${int(1e9)}`, rand() < 0.2 ? { timestamp: pick(ODD_TIMESTAMPS.filter(Boolean)) } : {});
  const q = v.query;
  const path = (query: Record<string, string>) => `/callbacks/wecom?${new URLSearchParams(query)}`;
  return pick<() => Probe>([
    () => ({ name: 'as sent', method: 'GET', path: v.path }),
    () => ({ name: 'echostr damaged', method: 'GET', path: path({ ...q, echostr: damageBase64(q.echostr) }) }),
    () => {
      const echostr = damageBase64(q.echostr);
      return { name: 'echostr damaged, re-signed', method: 'GET', path: path({ ...q, echostr, msg_signature: computeSignature(TEST_TOKEN, q.timestamp, q.nonce, echostr) }) };
    },
    () => ({ name: 'signature flipped', method: 'GET', path: path({ ...q, msg_signature: q.msg_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }) }),
    () => ({ name: 'truncated query', method: 'GET', path: truncate(v.path) }),
    () => ({ name: 'duplicated echostr', method: 'GET', path: `${v.path}&echostr=${encodeURIComponent(q.echostr)}` }),
    () => ({ name: 'huge echostr', method: 'GET', path: path({ ...q, echostr: 'A'.repeat(5000 + int(3000)) }) }),
  ])();
}

// ---- DingTalk -----------------------------------------------------------------------------------
function robot(): Probe {
  const message = robotMessage({ msgId: `msg${unique()}`, sessionWebhookExpiredTime: Date.now() + 3_600_000 });
  const json = JSON.stringify(message);
  // Distinct timestamps per case: a (timestamp, sign) pair belongs to one msgId.
  const timestamp = String(Date.now() - int(600_000));
  const sign = computeRobotSign(timestamp, dt.appSecret);
  const headers = (h: Record<string, string> = {}) => ({ 'content-type': 'application/json', timestamp, sign, ...h });
  const path = '/callbacks/dingtalk/robot';
  return pick<() => Probe>([
    () => ({ name: 'as sent', method: 'POST', path, headers: headers(), body: json }),
    () => ({ name: 'byte flip', method: 'POST', path, headers: headers(), body: flipByte(json) }),
    () => ({ name: 'truncated', method: 'POST', path, headers: headers(), body: truncate(json) }),
    () => ({ name: 'sign damaged', method: 'POST', path, headers: headers({ sign: damageBase64(sign) }), body: json }),
    () => {
      const t = pick([...HEADER_TIMESTAMPS, String(Date.now() - 2 * 3_600_000), String(Date.now() + 2 * 3_600_000)]);
      return { name: `timestamp ${t}`, method: 'POST', path, headers: headers({ timestamp: t, sign: computeRobotSign(t, dt.appSecret) }), body: json };
    },
    () => ({ name: 'no sign', method: 'POST', path, headers: { 'content-type': 'application/json', timestamp }, body: json }),
    () => ({ name: 'wrong content type', method: 'POST', path, headers: headers({ 'content-type': pick(['text/xml', 'text/plain', 'application/x-www-form-urlencoded']) }), body: json }),
    () => ({ name: 'duplicated msgId field', method: 'POST', path, headers: headers(), body: json.replace('{', `{"msgId":"first${unique()}",`) }),
    () => ({ name: 'deep nesting', method: 'POST', path, headers: headers(), body: `${'['.repeat(20_000 + int(10_000))}${']'.repeat(20_000)}` }),
    () => ({ name: 'over the cap', method: 'POST', path, headers: headers(), body: JSON.stringify({ ...message, pad: 'x'.repeat(CAP) }) }),
    () => ({ name: 'NUL in text', method: 'POST', path, headers: headers(), body: json.replace('/customer', '/cust\\u0000omer') }),
    () => ({ name: 'lone surrogate', method: 'POST', path, headers: headers(), body: json.replace('/customer', '/cust\\ud800omer') }),
    () => ({ name: 'invalid UTF-8', method: 'POST', path, headers: headers(), body: Buffer.concat([Buffer.from(json.slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]) }),
    () => ({ name: 'unsigned garbage', method: 'POST', path, headers: { 'content-type': 'application/json' }, body: Buffer.from(Array.from({ length: int(1024) }, () => int(256))) }),
  ])();
}

function events(): Probe {
  const plaintext = JSON.stringify({ EventType: pick(['user_add_org', 'user_leave_org', 'org_dept_create', 'check_url']), UserId: [`u${unique()}`], TimeStamp: Date.now() });
  const encrypt = encryptEventPayload({ aesKey: secrets.aesKey, ownerKey: secrets.ownerKey, plaintext });
  const nonce = unique();
  const signed = (enc: string, timestamp = String(Date.now())) =>
    `/callbacks/dingtalk/events?${new URLSearchParams({ signature: computeEventSignature(secrets.token, timestamp, nonce, enc), timestamp, nonce })}`;
  const path = signed(encrypt);
  const headers = { 'content-type': 'application/json' };
  const body = JSON.stringify({ encrypt });
  return pick<() => Probe>([
    () => ({ name: 'as sent', method: 'POST', path, headers, body }),
    () => ({ name: 'byte flip', method: 'POST', path, headers, body: flipByte(body) }),
    () => ({ name: 'truncated', method: 'POST', path, headers, body: truncate(body) }),
    () => {
      const damaged = damageBase64(encrypt);
      return { name: 'base64 damage, re-signed', method: 'POST', path: signed(damaged), headers, body: JSON.stringify({ encrypt: damaged }) };
    },
    () => {
      const t = pick([...ODD_TIMESTAMPS, String(Date.now() - 3_600_000), String(Math.floor(Date.now() / 1000))]);
      return { name: `timestamp ${t}`, method: 'POST', path: signed(encrypt, t), headers, body };
    },
    () => ({ name: 'signature damaged', method: 'POST', path: path.replace(/signature=./, 'signature=0'), headers, body }),
    () => ({ name: 'duplicated encrypt field', method: 'POST', path, headers, body: `{"encrypt":"${damageBase64(encrypt)}","encrypt":"${encrypt}"}` }),
    () => ({ name: 'encrypt not a string', method: 'POST', path, headers, body: pick(['{"encrypt":1}', '{"encrypt":null}', '{"encrypt":["a"]}', '[]', 'null', '"x"']) }),
    () => ({ name: 'deep nesting', method: 'POST', path, headers, body: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` }),
    () => ({ name: 'over the cap', method: 'POST', path, headers, body: JSON.stringify({ encrypt, pad: 'x'.repeat(CAP) }) }),
    () => ({ name: 'wrong content type', method: 'POST', path, headers: { 'content-type': 'text/xml' }, body }),
    () => ({ name: 'XML body', method: 'POST', path, headers, body: `<xml><Encrypt>${encrypt}</Encrypt></xml>` }),
  ])();
}

// ---- Feishu ------------------------------------------------------------------------------------
function feishu(): Probe {
  const eventId = unique();
  const message = (token = FEISHU_TOKEN) => ({
    schema: '2.0',
    header: { event_id: eventId, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token, app_id: fs.appId, tenant_key: 'tk' },
    event: {
      sender: { sender_id: { open_id: 'ou_fuzz' }, sender_type: 'user', tenant_key: 'tk' },
      message: { message_id: `om_${eventId}`, chat_id: 'oc_fuzz', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: '/帮助' }) },
    },
  });
  const seal = (plain: unknown, key = FEISHU_KEY) => JSON.stringify({ encrypt: encryptFeishuEvent(JSON.stringify(plain), key) });
  const signedHeaders = (rawBody: string | Buffer, timestamp = String(nowSeconds())) => {
    const nonce = unique();
    const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('latin1');
    return { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': computeFeishuSignature(timestamp, nonce, FEISHU_KEY, text) };
  };
  const path = '/callbacks/feishu/events';
  const body = seal(message());
  const headers = signedHeaders(body);
  return pick<() => Probe>([
    () => ({ name: 'as sent', method: 'POST', path, headers, body }),
    () => ({ name: 'byte flip', method: 'POST', path, headers, body: flipByte(body) }),
    () => ({ name: 'truncated', method: 'POST', path, headers, body: truncate(body) }),
    () => ({ name: 'signature damaged', method: 'POST', path, headers: { ...headers, 'x-lark-signature': headers['x-lark-signature'].replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, body }),
    () => {
      const t = pick([...HEADER_TIMESTAMPS, String(nowSeconds() - 3600), String(nowSeconds() + 86_400)]);
      return { name: `timestamp ${t}`, method: 'POST', path, headers: signedHeaders(body, t), body };
    },
    () => {
      const wrong = seal(message('not-the-verification-token'));
      return { name: 'wrong verification token, signed', method: 'POST', path, headers: signedHeaders(wrong), body: wrong };
    },
    () => {
      const plain = JSON.stringify(message());
      return { name: 'plain body while an Encrypt Key is set', method: 'POST', path, headers: signedHeaders(plain), body: plain };
    },
    () => {
      const damaged = JSON.stringify({ encrypt: damageBase64(JSON.parse(body).encrypt as string) });
      return { name: 'ciphertext damaged, re-signed', method: 'POST', path, headers: signedHeaders(damaged), body: damaged };
    },
    () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      return { name: 'deep nesting, signed', method: 'POST', path, headers: signedHeaders(deep), body: deep };
    },
    () => ({ name: 'over the cap', method: 'POST', path, headers, body: JSON.stringify({ encrypt: 'x'.repeat(CAP) }) }),
    () => {
      const bad = Buffer.concat([Buffer.from(body.slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      return { name: 'invalid UTF-8, signed', method: 'POST', path, headers: signedHeaders(bad), body: bad };
    },
    () => ({ name: 'unsigned garbage', method: 'POST', path, headers: { 'content-type': 'application/json' }, body: Buffer.from(Array.from({ length: int(1024) }, () => int(256))) }),
  ])();
}

// ---- Slack -------------------------------------------------------------------------------------
function slackCommand(): Probe {
  const form = new URLSearchParams({
    team_id: 'T1',
    channel_id: 'C_FUZZ',
    user_id: 'U_FUZZ',
    command: '/crm',
    text: 'help',
    response_url: `${slack.baseUrl}/hooks/${unique()}`,
    trigger_id: `${Date.now()}.${unique()}`,
  }).toString();
  const sign = (rawBody: string | Buffer, timestamp = String(nowSeconds()), secret = SLACK_SECRET) => ({
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': computeSlackSignature(secret, timestamp, typeof rawBody === 'string' ? rawBody : rawBody.toString('latin1')),
  });
  const path = '/callbacks/slack/commands';
  const headers = sign(form);
  return pick<() => Probe>([
    () => ({ name: 'as sent', method: 'POST', path, headers, body: form }),
    () => ({ name: 'byte flip', method: 'POST', path, headers, body: flipByte(form) }),
    () => ({ name: 'truncated', method: 'POST', path, headers, body: truncate(form) }),
    () => ({ name: 'wrong secret', method: 'POST', path, headers: sign(form, undefined, 'not-the-secret'), body: form }),
    () => {
      const t = pick([...HEADER_TIMESTAMPS, String(nowSeconds() - 6 * 60), String(nowSeconds() + 6 * 60)]);
      return { name: `timestamp ${t}`, method: 'POST', path, headers: sign(form, t), body: form };
    },
    () => ({ name: 'no signature', method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }),
    () => {
      const big = `${form}&pad=${'x'.repeat(CAP)}`;
      return { name: 'over the cap, signed', method: 'POST', path, headers: sign(big), body: big };
    },
    () => {
      const odd = pick(['text=%ZZ', 'text=%00help', `text=${'%F0'.repeat(50)}`, '&&&=&=', 'command=/crm&text=%ED%A0%80']);
      return { name: 'odd form, signed', method: 'POST', path, headers: sign(odd), body: odd };
    },
    () => {
      const json = JSON.stringify({ type: 'event_callback', event_id: unique(), event: { type: 'app_mention', user: 'U_FUZZ', text: '<@UBOT> help', channel: 'C1', ts: '1.1' } });
      return { name: 'JSON to the form route, signed', method: 'POST', path, headers: { ...sign(json), 'content-type': 'application/json' }, body: json };
    },
    () => ({ name: 'unsigned garbage', method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(Array.from({ length: int(1024) }, () => int(256))) }),
  ])();
}

test(`callback fuzz (seed ${SEED}): no 5xx, refusals store nothing, nothing is sent`, async () => {
  const outboxBefore = await OutboxMessage.countDocuments();
  const wecomSentBefore = env.sim.sent.length;
  statuses = {};
  for (let i = 0; i < CASES_PER_ROUTE; i++) {
    await check('wecom POST', wecomPost());
    await check('wecom GET', wecomGet());
    await check('dingtalk robot', robot());
    await check('dingtalk events', events());
    await check('feishu events', feishu());
    await check('slack commands', slackCommand());
  }
  expect(failures, `seed ${SEED}`).toEqual([]);
  // Every route saw both outcomes, so the fuzzer exercised acceptance as well as refusal.
  for (const route of ['wecom POST', 'wecom GET', 'dingtalk robot', 'dingtalk events', 'feishu events', 'slack commands']) {
    expect(statuses[`${route} 200`], `${route}: ${JSON.stringify(statuses)}`).toBeGreaterThan(0);
    expect(Object.keys(statuses).some((k) => k.startsWith(route) && !k.endsWith(' 200')), route).toBe(true);
  }
  expect(await OutboxMessage.countDocuments()).toBe(outboxBefore);
  expect(env.sim.sent.length).toBe(wecomSentBefore);
  expect(dt.requests).toEqual([]);
  expect(fs.messages).toEqual([]);
  expect(slack.posts).toEqual([]);
}, 180_000);
