import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildEncryptedReply } from '../../../src/channels/dingtalk/build-encrypted-reply.js';
import {
  decodeEventAesKey,
  decryptEventPayload,
  encryptEventPayload,
} from '../../../src/channels/dingtalk/event-cipher.js';
import { EventCryptoError } from '../../../src/channels/dingtalk/event-crypto-error.js';
import { computeEventSignature } from '../../../src/channels/dingtalk/event-signature.js';
import { openEventCallback } from '../../../src/channels/dingtalk/open-event-callback.js';
import { createCipheriv } from 'node:crypto';
import { dingtalkVectors } from '../../support/vectors/dingtalk-vectors.js';

const [official, computed, thirdParty] = dingtalkVectors.eventCrypto;
const secrets = { token: official.token, aesKey: official.aesKey, ownerKey: official.ownerKey };

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EventCryptoError);
    expect((error as Error).message).toBe('event callback could not be verified');
    return (error as EventCryptoError).reason;
  }
  return undefined;
}

/** Encrypts raw bytes with the vector key and no padding logic, to forge malformed plaintexts. */
function rawEncrypt(aesKey: string, plain: Buffer): string {
  const key = decodeEventAesKey(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

describe('official check_url vector (DingCallbackCrypto3.py)', () => {
  test('signature verifies and the payload decrypts to check_url', () => {
    expect(computeEventSignature(official.token, official.query.timeStamp, official.query.nonce, official.encrypt)).toBe(
      official.query.msg_signature,
    );
    expect(openEventCallback(official.query, { encrypt: official.encrypt }, secrets)).toBe(official.expectedPlain);
    const opened = decryptEventPayload({ ...secrets, encrypt: official.encrypt });
    expect(opened).toEqual({ plaintext: official.expectedPlain, random: official.random });
  });

  test('re-encrypting with the recovered random prefix reproduces the ciphertext byte for byte', () => {
    const again = encryptEventPayload({ ...secrets, plaintext: official.expectedPlain, random: official.random });
    expect(again).toBe(official.encrypt);
    expect(Buffer.from(again, 'base64').equals(Buffer.from(official.encrypt, 'base64'))).toBe(true);
  });

  test('accepts the newer query spelling (signature/timestamp)', () => {
    const query = { signature: official.query.msg_signature, timestamp: official.query.timeStamp, nonce: official.query.nonce };
    expect(openEventCallback(query, { encrypt: official.encrypt }, secrets)).toBe(official.expectedPlain);
  });
});

describe('computed success reply vector (regression)', () => {
  test('encrypts and signs exactly as recorded', () => {
    const reply = buildEncryptedReply(
      { token: computed.token, aesKey: computed.aesKey, ownerKey: computed.ownerKey },
      { plaintext: computed.plain, timeStamp: computed.timeStamp, nonce: computed.nonce, random: computed.random },
    );
    expect(reply).toEqual({
      msg_signature: computed.expectedSignature,
      timeStamp: computed.timeStamp,
      nonce: computed.nonce,
      encrypt: computed.expectedEncrypt,
    });
  });

  test('a default reply decrypts to success and carries a fresh ms timestamp and a 16-char nonce', () => {
    const before = Date.now();
    const reply = buildEncryptedReply(secrets);
    expect(Number(reply.timeStamp)).toBeGreaterThanOrEqual(before);
    expect(reply.nonce).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(reply.encrypt).not.toMatch(/\s/);
    const query = { msg_signature: reply.msg_signature, timeStamp: reply.timeStamp, nonce: reply.nonce };
    expect(openEventCallback(query, { encrypt: reply.encrypt }, secrets)).toBe('success');
    // A random prefix each time: two replies differ.
    expect(buildEncryptedReply(secrets).encrypt).not.toBe(reply.encrypt);
  });
});

describe('third-party decrypt vectors (zsqk/dingtalk-callback-crypto)', () => {
  for (const c of thirdParty.cases) {
    test(`decrypts to ${c.expectedPlain}`, () => {
      const opened = decryptEventPayload({ aesKey: thirdParty.aesKey, ownerKey: thirdParty.ownerKey, encrypt: c.encrypt });
      expect(opened.plaintext).toBe(c.expectedPlain);
      // And back, byte for byte (the UTF-8 length prefix counts bytes).
      const again = encryptEventPayload({
        aesKey: thirdParty.aesKey,
        ownerKey: thirdParty.ownerKey,
        plaintext: opened.plaintext,
        random: opened.random,
      });
      expect(again).toBe(c.encrypt);
    });
  }
});

describe('tampering and malformed input', () => {
  const ok = { query: official.query, body: { encrypt: official.encrypt } };

  test('any change to signature, timestamp, nonce or ciphertext fails the signature check', () => {
    const q = official.query;
    const flippedSig = `${q.msg_signature.slice(0, -1)}${q.msg_signature.endsWith('0') ? '1' : '0'}`;
    expect(reasonOf(() => openEventCallback({ ...q, msg_signature: flippedSig }, ok.body, secrets))).toBe('signature_mismatch');
    expect(reasonOf(() => openEventCallback({ ...q, timeStamp: '1608001896815' }, ok.body, secrets))).toBe('signature_mismatch');
    expect(reasonOf(() => openEventCallback({ ...q, nonce: 'WL4PK6yB' }, ok.body, secrets))).toBe('signature_mismatch');
    const tampered = `${official.encrypt.slice(0, 10)}A${official.encrypt.slice(11)}`;
    expect(reasonOf(() => openEventCallback(q, { encrypt: tampered }, secrets))).toBe('signature_mismatch');
    expect(reasonOf(() => openEventCallback(q, ok.body, { ...secrets, token: 'other' }))).toBe('signature_mismatch');
  });

  test('missing query parameters or body are rejected before any crypto', () => {
    expect(reasonOf(() => openEventCallback({ timeStamp: '1', nonce: 'x' }, ok.body, secrets))).toBe('missing_parameters');
    expect(reasonOf(() => openEventCallback(official.query, {}, secrets))).toBe('missing_parameters');
    expect(reasonOf(() => openEventCallback(official.query, { encrypt: 12 }, secrets))).toBe('missing_parameters');
    expect(reasonOf(() => openEventCallback(official.query, null, secrets))).toBe('missing_parameters');
  });

  test('a wrong owner key is rejected even when the signature is right', () => {
    expect(reasonOf(() => openEventCallback(official.query, ok.body, { ...secrets, ownerKey: 'dingSomeOtherAppKey' }))).toBe(
      'owner_key_mismatch',
    );
    // A prefix of the right key must not pass either.
    expect(reasonOf(() => openEventCallback(official.query, ok.body, { ...secrets, ownerKey: 'ding6ccabc44' }))).toBe(
      'owner_key_mismatch',
    );
  });

  test('a wrong AES key yields a padding, length or owner failure, never a plaintext', () => {
    const otherKey = 'A'.repeat(43);
    const reason = reasonOf(() => decryptEventPayload({ aesKey: otherKey, ownerKey: official.ownerKey, encrypt: official.encrypt }));
    expect(['padding_illegal', 'length_illegal', 'owner_key_mismatch', 'plaintext_illegal']).toContain(reason);
  });

  test('illegal AES keys are refused', () => {
    expect(reasonOf(() => decodeEventAesKey('short'))).toBe('aes_key_illegal');
    expect(reasonOf(() => decodeEventAesKey(`${official.aesKey}=`))).toBe('aes_key_illegal');
    expect(reasonOf(() => decodeEventAesKey(`${official.aesKey.slice(0, 42)}!`))).toBe('aes_key_illegal');
  });

  test('ciphertext that is not base64 or not a whole number of 32-byte blocks is refused', () => {
    const d = (encrypt: string) => () => decryptEventPayload({ ...secrets, encrypt });
    expect(reasonOf(d(''))).toBe('ciphertext_illegal');
    expect(reasonOf(d('not base64!!'))).toBe('ciphertext_illegal');
    expect(reasonOf(d(official.encrypt.slice(0, -1)))).toBe('ciphertext_illegal');
    expect(reasonOf(d(`${official.encrypt.slice(0, 64)}\n${official.encrypt.slice(64)}`))).toBe('ciphertext_illegal');
    expect(reasonOf(d(Buffer.alloc(48).toString('base64')))).toBe('ciphertext_illegal');
    expect(reasonOf(d(Buffer.from(official.encrypt, 'base64').subarray(0, 80).toString('base64')))).toBe('ciphertext_illegal');
  });

  test('padding must be 1..32 identical bytes', () => {
    const body = Buffer.concat([Buffer.from('l7Y3EcX2CU5w8av3'), Buffer.from([0, 0, 0, 2]), Buffer.from('{}'), Buffer.from(official.ownerKey)]);
    const padTo = (len: number, fill: (pad: number) => Buffer) => {
      const pad = len - body.length;
      return Buffer.concat([body, fill(pad)]);
    };
    const good = padTo(64, (pad) => Buffer.alloc(pad, pad));
    expect(decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, good) }).plaintext).toBe('{}');
    const zeroPad = Buffer.from(good);
    zeroPad[63] = 0;
    expect(reasonOf(() => decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, zeroPad) }))).toBe('padding_illegal');
    const uneven = Buffer.from(good);
    uneven[60] = 1;
    expect(reasonOf(() => decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, uneven) }))).toBe('padding_illegal');
    const tooBig = Buffer.concat([good, Buffer.alloc(32, 33)]);
    expect(reasonOf(() => decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, tooBig) }))).toBe('padding_illegal');
  });

  test('a length prefix that overruns the data, or a truncated header, is refused', () => {
    const over = Buffer.concat([Buffer.from('l7Y3EcX2CU5w8av3'), Buffer.from([0, 0, 1, 0]), Buffer.from('{}'), Buffer.from(official.ownerKey)]);
    const pad = 64 - over.length;
    const padded = Buffer.concat([over, Buffer.alloc(pad, pad)]);
    expect(reasonOf(() => decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, padded) }))).toBe('length_illegal');
    const tiny = Buffer.concat([Buffer.from('0123456789'), Buffer.alloc(22, 22)]);
    expect(reasonOf(() => decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, tiny) }))).toBe('length_illegal');
  });

  test('invalid UTF-8 in the message is refused', () => {
    const body = Buffer.concat([Buffer.from('l7Y3EcX2CU5w8av3'), Buffer.from([0, 0, 0, 2]), Buffer.from([0xc3, 0x28]), Buffer.from(official.ownerKey)]);
    const pad = 64 - body.length;
    const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    expect(reasonOf(() => decryptEventPayload({ ...secrets, encrypt: rawEncrypt(secrets.aesKey, padded) }))).toBe('plaintext_illegal');
  });

  test('an already 32-aligned plaintext gets a full 32-byte pad block', () => {
    // 16 + 4 + len + 20 (owner) = 64 when len = 24.
    const plaintext = 'x'.repeat(24);
    const encrypt = encryptEventPayload({ ...secrets, plaintext, random: official.random });
    expect(Buffer.from(encrypt, 'base64').length).toBe(96);
    expect(decryptEventPayload({ ...secrets, encrypt }).plaintext).toBe(plaintext);
  });

  test('a random prefix that is not 16 bytes is refused', () => {
    expect(reasonOf(() => encryptEventPayload({ ...secrets, plaintext: 'x', random: 'short' }))).toBe('plaintext_illegal');
  });
});

/** Cross-check against an independent implementation (Python `cryptography`, see reference/). */
const referenceScript = fileURLToPath(new URL('../../support/reference/ding_callback_crypto_ref.py', import.meta.url));
function pythonReferenceAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(pythonReferenceAvailable())('cross-check with the Python reference implementation', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const randomAlnum = (n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
  const samples = ['中文测试', '{"EventType":"user_add_org","UserId":["u1"]}', 'emoji 😀 ok', ''];
  const randomText = () =>
    samples[randomInt(samples.length)]! + randomBytes(randomInt(0, 200)).toString('base64') + '钉'.repeat(randomInt(0, 40));

  test('200 random round trips agree in both directions, byte for byte', () => {
    const cases = Array.from({ length: 200 }, () => ({
      token: randomAlnum(randomInt(3, 32)),
      aesKey: randomAlnum(43),
      ownerKey: `ding${randomAlnum(16)}`,
      plaintext: randomText(),
      random: randomAlnum(16),
      timeStamp: String(Date.now() - randomInt(1_000_000)),
      nonce: randomAlnum(16),
    }));
    const ours = cases.map((c) => buildEncryptedReply(c, c));
    const ops = [
      ...cases.map((c) => ({ op: 'encrypt', ...c })),
      ...cases.map((c, i) => ({ op: 'decrypt', ...c, encrypt: ours[i]!.encrypt, signature: ours[i]!.msg_signature })),
    ];
    const results = JSON.parse(
      execFileSync('python3', [referenceScript], { input: JSON.stringify(ops), maxBuffer: 16 * 1024 * 1024 }).toString(),
    ) as Array<{ encrypt?: string; signature?: string; plaintext?: string; random?: string; error?: string }>;
    expect(results).toHaveLength(400);
    cases.forEach((c, i) => {
      const theirs = results[i]!;
      // Python encrypted → identical to ours, and we open theirs.
      expect(theirs.encrypt).toBe(ours[i]!.encrypt);
      expect(theirs.signature).toBe(ours[i]!.msg_signature);
      const query = { signature: theirs.signature!, timestamp: c.timeStamp, nonce: c.nonce };
      expect(openEventCallback(query, { encrypt: theirs.encrypt }, c)).toBe(c.plaintext);
      // We encrypted → Python opens it.
      expect(results[cases.length + i]).toEqual({ plaintext: c.plaintext, random: c.random });
    });
  });

  test('the reference agrees on the official vector', () => {
    const out = JSON.parse(
      execFileSync('python3', [referenceScript], {
        input: JSON.stringify([{ op: 'decrypt', ...secrets, ...official.query, signature: official.query.msg_signature, encrypt: official.encrypt }]),
      }).toString(),
    ) as unknown[];
    expect(out).toEqual([{ plaintext: official.expectedPlain, random: official.random }]);
  });
});
