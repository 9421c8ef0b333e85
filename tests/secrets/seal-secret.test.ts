import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createKeyring, parseSecretKey } from '../../src/secrets/keyring.js';
import { DEV_KEY_FILE, keyringFromEnvironment } from '../../src/secrets/keyring-from-environment.js';
import { openSecret, sealSecret, SecretRefused } from '../../src/secrets/seal-secret.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const secret = 'wx-access-token-0123456789';

const refusal = (fn: () => unknown): SecretRefused => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretRefused);
    expect(String((error as Error).message)).not.toContain(secret);
    return error as SecretRefused;
  }
  throw new Error('expected the sealed value to be refused');
};

describe('sealSecret / openSecret', () => {
  test('round trip; the sealed form is versioned, names its key, hides the value, and differs every time', () => {
    const ring = createKeyring(k1);
    const a = sealSecret(secret, ring);
    const b = sealSecret(secret, ring);
    expect(a).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain(secret);
    expect(a).not.toBe(b);
    expect(openSecret(a, ring)).toBe(secret);
    expect(openSecret(sealSecret('', ring), ring)).toBe('');
    expect(openSecret(sealSecret('钉钉密钥', ring), ring)).toBe('钉钉密钥');
  });

  test('after a rotation old values still open and new ones are sealed with the current key', () => {
    const before = sealSecret(secret, createKeyring(k1));
    const rotated = createKeyring(k2, [k1]);
    expect(openSecret(before, rotated)).toBe(secret);
    expect(sealSecret(secret, rotated)).toMatch(/^v1:k2:/);
    expect(refusal(() => openSecret(before, createKeyring(k2))).reason).toBe('unknown_key');
    // A key under a known id but with other bytes is not accepted either.
    expect(refusal(() => openSecret(before, createKeyring({ id: 'k1', key: randomBytes(32) }))).reason).toBe('tampered');
  });

  test('any tampering, a wrong context or a foreign format is refused without echoing the value', () => {
    const ring = createKeyring(k1);
    const sealed = sealSecret(secret, ring, { context: 'wecom:corp:abc' });
    const parts = sealed.split(':');
    const flip = (i: number) => {
      const bytes = Buffer.from(parts[i]!, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      return parts.map((p, j) => (j === i ? bytes.toString('base64') : p)).join(':');
    };
    for (const i of [2, 3, 4]) expect(refusal(() => openSecret(flip(i), ring, { context: 'wecom:corp:abc' })).reason).not.toBe('unknown_key');
    expect(refusal(() => openSecret(sealed, ring, { context: 'dingtalk:app:xyz' })).reason).toBe('tampered');
    expect(refusal(() => openSecret(sealed, ring)).reason).toBe('tampered');
    expect(refusal(() => openSecret(secret, ring)).reason).toBe('format');
    expect(refusal(() => openSecret(sealed.replace(/^v1/, 'v9'), ring)).reason).toBe('format');
    expect(openSecret(sealed, ring, { context: 'wecom:corp:abc' })).toBe(secret);
  });
});

describe('keys and keyrings', () => {
  test('keys are 32 bytes as hex or base64; anything else is refused without repeating it', () => {
    const raw = randomBytes(32);
    expect(parseSecretKey(raw.toString('hex'), 'K').equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64'), 'K').equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64url'), 'K').equals(raw)).toBe(true);
    expect(() => parseSecretKey('too-short', 'K')).toThrow(/K must be 32 bytes/);
    expect(() => parseSecretKey(randomBytes(24).toString('base64'), 'K')).toThrow(/32 bytes/);
    expect(() => createKeyring(k1, [{ id: 'k1', key: randomBytes(32) }])).toThrow(/listed twice/);
  });

  test('from the environment: SECRETS_KEY (+ id) is current, SECRETS_OLD_KEYS only open', () => {
    const old = sealSecret(secret, createKeyring(k1));
    const ring = keyringFromEnvironment({ SECRETS_KEY: k2.key.toString('hex'), SECRETS_KEY_ID: 'k2', SECRETS_OLD_KEYS: ` k1:${k1.key.toString('base64')} ` });
    expect(ring.current.id).toBe('k2');
    expect(openSecret(old, ring)).toBe(secret);
    expect(keyringFromEnvironment({ SECRETS_KEY: k2.key.toString('base64') }).current.id).toBe('k1');
    expect(() => keyringFromEnvironment({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEY is required in production/);
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('without SECRETS_KEY outside production: one private key file per data directory, reused across restarts', () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'chatcrm-secrets-')), 'nested');
    dirs.push(path.dirname(dataDir));
    const first = keyringFromEnvironment({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    const file = path.join(dataDir, DEV_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = sealSecret(secret, first);
    // A "restart" reads the same file; another data directory gets another key.
    expect(openSecret(sealed, keyringFromEnvironment({ DATA_DIR: dataDir }))).toBe(secret);
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-secrets-'));
    dirs.push(otherDir);
    expect(() => openSecret(sealed, keyringFromEnvironment({ DATA_DIR: otherDir }))).toThrow(SecretRefused);
  });
});
