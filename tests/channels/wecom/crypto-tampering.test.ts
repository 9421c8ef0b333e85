import { createCipheriv } from 'node:crypto';
import * as oracle from '@wecom/crypto';
import { describe, expect, test } from 'vitest';
import { decodeEncodingAesKey } from '../../../src/channels/wecom/aes-key.js';
import { decryptCallback } from '../../../src/channels/wecom/open-callback.js';
import { encryptCallback } from '../../../src/channels/wecom/encrypt.js';
import { openCallback } from '../../../src/channels/wecom/open-callback.js';
import { msgSignature as computeSignature, msgSignatureMatches as isSignatureValid } from '../../../src/channels/shared/msg-crypt.js';

const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP = 'wx5823bf96d3bd56c7';
const TOKEN = 'QDG6eK';

/** Encrypts an arbitrary (already "padded") buffer so we can forge structurally bad plaintexts. */
function rawEncrypt(plain: Buffer): string {
  const { key, iv } = decodeEncodingAesKey(KEY);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function layout(msg: string, id: string, lengthOverride?: number): Buffer {
  const m = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(lengthOverride ?? m.length);
  return Buffer.concat([Buffer.alloc(16, 0x61), len, m, Buffer.from(id)]);
}

function withPad(body: Buffer, pad: number, fill = pad): Buffer {
  return Buffer.concat([body, Buffer.alloc(pad === 0 ? 0 : pad - 1, pad), Buffer.from([pad === 0 ? 0 : fill])]);
}

function rejection(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect((error as Error).message).toBe('invalid WeCom callback signature or payload');
    return (error as { reason?: string }).reason;
  }
  return undefined;
}

describe('strict decryption', () => {
  // 16 + 4 + 6 + 18 = 44 bytes; a valid pad to 64 is 20.
  const body = layout('hello!', CORP);

  test('the well-formed control decrypts', () => {
    expect(decryptCallback(KEY, rawEncrypt(withPad(body, 20)), CORP).message).toBe('hello!');
  });

  test('pad byte 0 is rejected (Tencent\'s libraries would accept it)', () => {
    const plain = Buffer.concat([body, Buffer.alloc(20, 0)]);
    const enc = rawEncrypt(plain);
    expect(rejection(() => decryptCallback(KEY, enc, CORP))).toBe('padding');
    expect(() => oracle.decrypt(KEY, enc)).not.toThrow();
  });

  test('pad byte above 32 is rejected', () => {
    const plain = Buffer.concat([layout('x'.repeat(26), CORP), Buffer.alloc(0)]);
    // 16+4+26+18 = 64 → add a 64-byte block claiming pad 33 (> block size 32).
    const forged = Buffer.concat([plain, Buffer.alloc(32, 33)]);
    expect(rejection(() => decryptCallback(KEY, rawEncrypt(forged), CORP))).toBe('padding');
  });

  test('non-uniform padding is rejected', () => {
    const plain = withPad(body, 20, 20);
    plain[plain.length - 5] = 7;
    expect(rejection(() => decryptCallback(KEY, rawEncrypt(plain), CORP))).toBe('padding');
  });

  test('a length prefix beyond the data is rejected', () => {
    const forged = withPad(layout('hello!', CORP, 5000), 20);
    expect(rejection(() => decryptCallback(KEY, rawEncrypt(forged), CORP))).toBe('length');
  });

  test('a plaintext shorter than random+length is rejected', () => {
    const forged = Buffer.concat([Buffer.alloc(16, 0x61), Buffer.alloc(16, 16)]);
    expect(rejection(() => decryptCallback(KEY, rawEncrypt(forged), CORP))).toBe('length');
  });

  test('a different receive id (wrong corp) is rejected', () => {
    const enc = encryptCallback(KEY, '<xml/>', 'ww0000000000000000');
    expect(rejection(() => decryptCallback(KEY, enc, CORP))).toBe('receive_id');
    expect(rejection(() => decryptCallback(KEY, encryptCallback(KEY, '<xml/>', ''), CORP))).toBe('receive_id');
    expect(rejection(() => decryptCallback(KEY, encryptCallback(KEY, '<xml/>', `${CORP}x`), CORP))).toBe('receive_id');
  });

  test('invalid UTF-8 in the message is rejected', () => {
    const m = Buffer.from([0xe4, 0xbd]); // a truncated 3-byte sequence
    const len = Buffer.alloc(4);
    len.writeUInt32BE(m.length);
    const b = Buffer.concat([Buffer.alloc(16, 0x61), len, m, Buffer.from(CORP)]);
    expect(rejection(() => decryptCallback(KEY, rawEncrypt(withPad(b, 32 - (b.length % 32))), CORP))).toBe('encoding');
  });

  test('truncated ciphertexts are rejected', () => {
    const enc = encryptCallback(KEY, 'x'.repeat(100), CORP);
    const bytes = Buffer.from(enc, 'base64');
    expect(rejection(() => decryptCallback(KEY, bytes.subarray(0, bytes.length - 16).toString('base64'), CORP))).toBe('length');
    // Dropping a whole 32-byte block leaves a block-aligned text whose tail is not valid padding.
    expect(['padding', 'length']).toContain(rejection(() => decryptCallback(KEY, bytes.subarray(0, bytes.length - 32).toString('base64'), CORP)));
    expect(rejection(() => decryptCallback(KEY, enc.slice(0, -4), CORP))).toBeDefined();
    expect(rejection(() => decryptCallback(KEY, '', CORP))).toBe('length');
  });

  test('bad base64 is rejected', () => {
    // A ciphertext with a + or / in it, so the URL-safe alphabet below really differs (random prefix: ~7% have neither).
    const enc = (() => {
      for (;;) {
        const e = encryptCallback(KEY, 'hello', CORP);
        if (/[+/]/.test(e)) return e;
      }
    })();
    expect(rejection(() => decryptCallback(KEY, `${enc.slice(0, 10)}*${enc.slice(11)}`, CORP))).toBe('base64');
    expect(rejection(() => decryptCallback(KEY, enc.replace(/=+$/, ''), CORP))).toBe('base64');
    expect(rejection(() => decryptCallback(KEY, `${enc}\n`, CORP))).toBe('base64');
    expect(rejection(() => decryptCallback(KEY, enc.replace(/\+/g, '-').replace(/\//g, '_'), CORP))).toBeDefined();
  });

  test('CBC alone is malleable, which is why openCallback checks the signature before decrypting', () => {
    const enc = encryptCallback(KEY, 'hello world', CORP);
    const bytes = Buffer.from(enc, 'base64');
    const sig = computeSignature(TOKEN, '1', '2', enc);
    const creds = { token: TOKEN, encodingAesKey: KEY, receiveId: CORP };
    let malleated = 0;
    for (let i = 0; i < bytes.length; i++) {
      const t = Buffer.from(bytes);
      t[i] = t[i]! ^ 0x01;
      const forged = t.toString('base64');
      try {
        if (decryptCallback(KEY, forged, CORP).message !== 'hello world') malleated++;
      } catch {
        // structurally broken: fine
      }
      expect(rejection(() => openCallback(creds, { signature: sig, timestamp: '1', nonce: '2', encrypt: forged }))).toBe('signature');
    }
    // Flipping a bit of cipher block 0 flips the same bit of plaintext block 1 (where the message starts).
    expect(malleated).toBeGreaterThan(0);
  });
});

describe('signatures', () => {
  const enc = encryptCallback(KEY, '<xml><A>1</A></xml>', CORP);
  const sig = computeSignature(TOKEN, '1409659813', '1372623149', enc);

  test('agree with the independent implementation', () => {
    expect(sig).toBe(oracle.getSignature(TOKEN, '1409659813', '1372623149', enc));
  });

  test('a changed signature, timestamp, nonce or ciphertext fails before decryption', () => {
    const input = { signature: sig, timestamp: '1409659813', nonce: '1372623149', encrypt: enc };
    const creds = { token: TOKEN, encodingAesKey: KEY, receiveId: CORP };
    expect(openCallback(creds, input)).toBe('<xml><A>1</A></xml>');
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    expect(rejection(() => openCallback(creds, { ...input, signature: flipped }))).toBe('signature');
    expect(rejection(() => openCallback(creds, { ...input, signature: '' }))).toBe('signature');
    expect(rejection(() => openCallback(creds, { ...input, signature: `${sig}00` }))).toBe('signature');
    expect(rejection(() => openCallback(creds, { ...input, signature: 'z'.repeat(40) }))).toBe('signature');
    expect(rejection(() => openCallback(creds, { ...input, timestamp: '1409659814' }))).toBe('signature');
    expect(rejection(() => openCallback(creds, { ...input, nonce: '1' }))).toBe('signature');
    expect(rejection(() => openCallback(creds, { ...input, encrypt: `${enc.startsWith('A') ? 'B' : 'A'}${enc.slice(1)}` }))).toBe('signature');
    expect(rejection(() => openCallback({ ...creds, token: 'other' }, input))).toBe('signature');
  });

  test('upper-case hex is the same signature; an echostr whose + became a space still verifies', () => {
    expect(isSignatureValid(sig.toUpperCase(), TOKEN, '1409659813', '1372623149', enc)).toBe(true);
    const plusEnc = (() => {
      for (let i = 0; ; i++) {
        const e = encryptCallback(KEY, `echo${i}`, CORP);
        if (e.includes('+')) return e;
      }
    })();
    const s = computeSignature(TOKEN, '1', '2', plusEnc);
    const creds = { token: TOKEN, encodingAesKey: KEY, receiveId: CORP };
    expect(openCallback(creds, { signature: s, timestamp: '1', nonce: '2', encrypt: plusEnc.replace(/\+/g, ' ') })).toMatch(/^echo\d+$/);
  });

  test('a malformed EncodingAESKey is a configuration error, not a callback rejection', () => {
    expect(() => decryptCallback('short', enc, CORP)).toThrow(/WECOM_AES_KEY/);
    expect(() => encryptCallback(`${KEY.slice(0, 42)}!`, 'x', CORP)).toThrow(/WECOM_AES_KEY/);
  });
});
