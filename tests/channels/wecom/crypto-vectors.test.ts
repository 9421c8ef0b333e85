import * as oracle from '@wecom/crypto';
import { describe, expect, test } from 'vitest';
import { WecomCallbackRejected } from '../../../src/channels/wecom/callback-rejected.js';
import { decryptCallback } from '../../../src/channels/wecom/open-callback.js';
import { encryptCallback } from '../../../src/channels/wecom/encrypt.js';
import { jssdkSignature } from '../../../src/channels/wecom/jssdk-signature.js';
import { openCallback } from '../../../src/channels/wecom/open-callback.js';
import { parseCallbackXml } from '../../../src/channels/wecom/parse-callback-xml.js';
import { sealPassiveReply } from '../../../src/channels/wecom/seal-passive-reply.js';
import { msgSignature as computeSignature } from '../../../src/channels/shared/msg-crypt.js';
import { wecomVectors } from '../../support/vectors/load-wecom-vectors.js';

const byKind = (kind: string) => wecomVectors.vectors.filter((v) => v.kind === kind);
const creds = (v: { token: string; encodingAESKey: string; receiveId: string }) => ({
  token: v.token,
  encodingAesKey: v.encodingAESKey,
  receiveId: v.receiveId,
});

describe('official WeCom vectors', () => {
  test('the vector file holds every kind we test', () => {
    expect(byKind('url-verify').length).toBe(4);
    expect(byKind('url-verify-must-fail').length).toBe(2);
    expect(byKind('message').length).toBe(3);
    expect(byKind('encrypt').length).toBe(1);
    expect(wecomVectors.jssdk.length).toBe(1);
  });

  test.each(byKind('url-verify'))('$name: echostr verifies and decrypts', (v) => {
    const q = v.query!;
    const echo = openCallback(creds(v), { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.echostr! });
    expect(echo).toBe(v.expectedPlain);
    if (v.random) expect(decryptCallback(v.encodingAESKey, q.echostr!, v.receiveId).random.toString()).toBe(v.random);
  });

  test.each(byKind('url-verify-must-fail'))('$name: rejected as a signature failure', (v) => {
    const q = v.query!;
    const attempt = () =>
      openCallback(creds(v), { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.echostr! });
    expect(attempt).toThrow(WecomCallbackRejected);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'signature' }));
  });

  test('B-wrong-token: the note\'s signature is what that token really signs to', () => {
    const v = wecomVectors.vectors.find((x) => x.name === 'B-wrong-token-must-fail')!;
    const q = v.query!;
    expect(computeSignature(v.token, q.timestamp, q.nonce, q.echostr!)).toBe('59dce1a653fc31a6f0472567199561e9336a8d0b');
  });

  test.each(byKind('message'))('$name: message verifies, decrypts and parses', async (v) => {
    const q = v.query!;
    const encrypt = v.body ? (await parseCallbackXml(v.body)).Encrypt! : v.encrypt!;
    const plain = openCallback(creds(v), { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt });
    if (v.expectedPlain) expect(plain).toBe(v.expectedPlain);
    const fields = await parseCallbackXml(plain);
    for (const [name, value] of Object.entries(v.expectedFields ?? {})) expect(fields[name]).toBe(value);
    if (v.random) {
      // Re-encrypting with the same random reproduces the wire bytes exactly.
      expect(encryptCallback(v.encodingAESKey, plain, v.receiveId, Buffer.from(v.random))).toBe(encrypt);
    }
  });

  test('C pad-1 edge case: the last plaintext byte is a single 0x01', () => {
    const v = wecomVectors.vectors.find((x) => x.name === 'C-wechatpy-message-pad-1')!;
    const plain = oracle.decrypt(v.encodingAESKey, v.encrypt!);
    const total = 16 + 4 + Buffer.byteLength(plain.message) + Buffer.byteLength(plain.id);
    expect(32 - (total % 32)).toBe(1);
    expect(decryptCallback(v.encodingAESKey, v.encrypt!, v.receiveId).message).toContain('<Content><![CDATA[test]]>');
  });

  test.each(byKind('encrypt'))('$name: deterministic encryption and reply signature', (v) => {
    const encrypt = encryptCallback(v.encodingAESKey, v.plain!, v.receiveId, Buffer.from(v.random!));
    expect(encrypt).toBe(v.expectedEncrypt);
    expect(computeSignature(v.token, v.timestamp!, v.nonce!, encrypt)).toBe(v.expectedSignature);
    const reply = sealPassiveReply(creds(v), v.plain!, { timestamp: v.timestamp!, nonce: v.nonce!, random: Buffer.from(v.random!) });
    expect(reply).toBe(
      `<xml>\n<Encrypt><![CDATA[${v.expectedEncrypt}]]></Encrypt>\n<MsgSignature><![CDATA[${v.expectedSignature}]]></MsgSignature>\n` +
        `<TimeStamp>${v.timestamp}</TimeStamp>\n<Nonce><![CDATA[${v.nonce}]]></Nonce>\n</xml>`,
    );
  });

  test.each(wecomVectors.jssdk)('$name: JS-SDK signature', (v) => {
    const input = { ticket: v.jsapi_ticket, nonceStr: v.noncestr, timestamp: v.timestamp, url: v.url };
    expect(jssdkSignature(input)).toBe(v.expectedSignature);
    // The fragment is never part of the signed URL.
    expect(jssdkSignature({ ...input, url: `${v.url}#/contact/abc` })).toBe(v.expectedSignature);
    expect(jssdkSignature({ ...input, url: 'http://mp.weixin.qq.com' })).toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
    expect(oracle.getJsApiSignature({ url: v.url, ticket: v.jsapi_ticket, nonceStr: v.noncestr, timestamp: v.timestamp }).signature).toBe(
      v.expectedSignature,
    );
  });
});
