import { createCipheriv } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { decodeEncodingAesKey } from '../../src/channels/wecom/aes-key.js';
import { encryptCallback } from '../../src/channels/wecom/encrypt.js';
import { msgSignature as computeSignature } from '../../src/channels/shared/msg-crypt.js';
import { Activity } from '../../src/crm/models/activity.js';
import { connectDatabase } from '../../src/db/connect.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { useTestDatabase } from '../support/test-db.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, buildUrlVerification } from '../support/simulators/wecom/signed-callback.js';
import { startWecomTestEnv, TEST_AES_KEY, TEST_TOKEN, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

async function totalDocuments(): Promise<number> {
  const database = mongoose.connection.db!;
  let total = 0;
  for (const c of await database.listCollections().toArray()) total += await database.collection(c.name).countDocuments();
  return total;
}

async function postRaw(path: string, body: string) {
  const res = await fetch(env.app.baseUrl + path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: res.status, body: await res.text() };
}

describe('GET /callbacks/wecom (URL verification)', () => {
  test.each(['ours', 'oracle'] as const)('echoes the decrypted echostr as bare text (signed via %s)', async (via) => {
    const v = buildUrlVerification(env.callbackApp, '1616140317555161061', { via });
    const res = await fetch(env.app.baseUrl + v.path);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(bytes.toString('utf8')).toBe('1616140317555161061');
    expect(bytes[0]).not.toBe(0xef); // no BOM
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  test('an echostr sent with a raw + (decoded as a space) still verifies', async () => {
    let v;
    do v = buildUrlVerification(env.callbackApp, `e${Date.now()}`);
    while (!v.query.echostr.includes('+'));
    const path = `/callbacks/wecom?msg_signature=${v.query.msg_signature}&timestamp=${v.query.timestamp}&nonce=${v.query.nonce}&echostr=${v.query.echostr}`;
    const res = await fetch(env.app.baseUrl + path);
    expect(res.status).toBe(200);
  });

  test('a wrong signature or missing echostr is a 400 that says nothing about why', async () => {
    const v = buildUrlVerification(env.callbackApp, '123');
    const bad = v.path.replace(v.query.msg_signature, '0'.repeat(40));
    const res = await fetch(env.app.baseUrl + bad);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('123');
    expect((await fetch(env.app.baseUrl + '/callbacks/wecom?msg_signature=a&timestamp=1&nonce=2')).status).toBe(400);
  });
});

describe('POST /callbacks/wecom', () => {
  beforeEach(async () => {
    await InboxEvent.deleteMany({});
  });

  test('a valid event is persisted, then answered 200 with an empty body', async () => {
    const res = await env.post(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales01', externalUserId: 'wmE2E1' }));
    expect(res).toEqual({ status: 200, body: '' });
    const stored = await InboxEvent.find().lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ platform: 'wecom', kind: 'contact.added', status: 'pending', payload: { externalUserId: 'wmE2E1', staffUserId: 'sales01' } });
  });

  test('callbacks encrypted and signed by the independent library are accepted too', async () => {
    const res = await env.post(env.contactEvent({ changeType: 'del_follow_user', userId: 'sales02', externalUserId: 'wmE2E2' }), { via: 'oracle' });
    expect(res.status).toBe(200);
    expect(await InboxEvent.countDocuments({ kind: 'contact.staff_removed' })).toBe(1);
  });

  test('the same callback bytes three times: three 200s, one stored event', async () => {
    const cb = buildSignedCallback(env.callbackApp, env.contactEvent({ changeType: 'edit_external_contact', userId: 'sales01', externalUserId: 'wmE2E3', createTime: 1_700_000_000 }));
    for (let i = 0; i < 3; i++) expect(await postRaw(cb.path, cb.body)).toEqual({ status: 200, body: '' });
    expect(await InboxEvent.countDocuments()).toBe(1);
  });

  test('an unknown event kind is stored raw and acknowledged', async () => {
    const plain = `<xml><ToUserName><![CDATA[${env.sim.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[msg_audit_approved]]></ChangeType><UserID><![CDATA[sales01]]></UserID></xml>`;
    expect((await env.post(plain)).status).toBe(200);
    const [stored] = await InboxEvent.find().lean();
    expect(stored).toMatchObject({ kind: 'unknown', payload: { plaintext: plain, changeType: 'msg_audit_approved' } });
  });

  describe('refused input: 4xx, nothing written', () => {
    const plain = () => env.contactEvent({ changeType: 'add_external_contact', userId: 'sales01', externalUserId: 'wmForged' });

    function rawEncrypt(buf: Buffer): string {
      const { key, iv } = decodeEncodingAesKey(TEST_AES_KEY);
      const c = createCipheriv('aes-256-cbc', key, iv);
      c.setAutoPadding(false);
      return Buffer.concat([c.update(buf), c.final()]).toString('base64');
    }
    function signedPath(encrypt: string) {
      const q = { msg_signature: computeSignature(TEST_TOKEN, '1700000000', '42', encrypt), timestamp: '1700000000', nonce: '42' };
      return `/callbacks/wecom?${new URLSearchParams(q)}`;
    }
    const envelope = (encrypt: string) => `<xml><ToUserName><![CDATA[${env.sim.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>`;

    const cases: [string, () => { path: string; body: string }][] = [
      ['a forged signature', () => {
        const cb = buildSignedCallback(env.callbackApp, plain());
        return { path: cb.path.replace(cb.query.msg_signature, 'f'.repeat(40)), body: cb.body };
      }],
      ['a signature by another token', () => buildSignedCallback({ ...env.callbackApp, token: 'someone-else' }, plain())],
      ['bad padding (validly signed)', () => {
        const msg = Buffer.from(plain());
        const len = Buffer.alloc(4);
        len.writeUInt32BE(msg.length);
        const body = Buffer.concat([Buffer.alloc(16, 0x61), len, msg, Buffer.from(env.sim.corpId)]);
        const pad = 32 - (body.length % 32);
        const enc = rawEncrypt(Buffer.concat([body, Buffer.alloc(pad, 0)]));
        return { path: signedPath(enc), body: envelope(enc) };
      }],
      ['another corp id inside (validly signed)', () => {
        const enc = encryptCallback(TEST_AES_KEY, plain(), 'wwsomeoneelse');
        return { path: signedPath(enc), body: envelope(enc) };
      }],
      ['malformed envelope XML', () => ({ path: signedPath('abc'), body: '<xml><Encrypt>abc</xml>' })],
      ['an envelope without Encrypt', () => ({ path: signedPath('abc'), body: '<xml><ToUserName>x</ToUserName></xml>' })],
      ['a DOCTYPE in the envelope', () => {
        const cb = buildSignedCallback(env.callbackApp, plain());
        return { path: cb.path, body: `<!DOCTYPE xml [<!ENTITY a "b">]>${cb.body}` };
      }],
      ['malformed XML inside a valid ciphertext', () => buildSignedCallback(env.callbackApp, '<xml><MsgType>text</xml')],
      ['a missing signature', () => ({ path: '/callbacks/wecom?timestamp=1&nonce=2', body: buildSignedCallback(env.callbackApp, plain()).body })],
    ];

    test.each(cases)('%s', async (_name, make) => {
      const before = await totalDocuments();
      const { path, body } = make();
      const res = await postRaw(path, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).not.toContain('padding');
      expect(await totalDocuments()).toBe(before);
    });

    test('an oversized body is a 413', async () => {
      const before = await totalDocuments();
      const res = await postRaw(signedPath('a'), `<xml><Encrypt>${'A'.repeat(300 * 1024)}</Encrypt></xml>`);
      expect(res.status).toBe(413);
      expect(await totalDocuments()).toBe(before);
    });
  });

  test('database unreachable → 503 so WeCom retries; the retry is stored exactly once', async () => {
    const cb = buildSignedCallback(env.callbackApp, env.contactEvent({ changeType: 'add_external_contact', userId: 'sales09', externalUserId: 'wmDown' }));
    await mongoose.disconnect();
    try {
      const started = Date.now();
      const res = await postRaw(cb.path, cb.body);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(4_900);
    } finally {
      await connectDatabase(db.uri, db.dbName);
    }
    expect(await postRaw(cb.path, cb.body)).toEqual({ status: 200, body: '' });
    expect(await postRaw(cb.path, cb.body)).toEqual({ status: 200, body: '' });
    expect(await InboxEvent.countDocuments({ 'payload.externalUserId': 'wmDown' })).toBe(1);
  });
});

describe('staff commands', () => {
  test('a staff text becomes a command whose reply is sent to the sender via message/send', async () => {
    env.sim.addStaff({ userid: 'zhangsan', name: '张三', department: [1] });
    await InboxEvent.deleteMany({});
    const res = await env.post(textMessageXml({ corpId: env.sim.corpId, from: 'zhangsan', content: '/帮助', msgId: '4561255354251345929', agentId: env.sim.agentId }));
    expect(res).toEqual({ status: 200, body: '' });
    const [event] = await InboxEvent.find().lean();
    expect(event).toMatchObject({ kind: 'command', dedupeKey: 'msg:4561255354251345929', payload: { text: '/帮助', replyTo: { type: 'user', platformUserId: 'zhangsan' } } });
    await env.drain();
    expect(await OutboxMessage.countDocuments({ platform: 'wecom', 'to.platformUserId': 'zhangsan' })).toBe(1);
    await env.drainOutbox();
    const delivered = env.sim.deliveredMessages().filter((m) => m.body.touser === 'zhangsan');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.body).toMatchObject({ enable_duplicate_check: 0, agentid: env.sim.agentId });
    expect(JSON.stringify(delivered[0]!.body)).toMatch(/客户/);
    // Nothing was written to any customer timeline by a help command.
    expect(await Activity.countDocuments({ type: 'contact_added' })).toBe(0);
  });
});
