import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

test('defaults need no configuration at all', () => {
  const config = loadConfig({});
  expect(config.PORT).toBe(3000);
  expect(config.MONGODB_URI).toBeUndefined();
  expect(config.jwtSecretGenerated).toBe(true);
  expect(config.ALLOW_DEV_LOGIN).toBe(false);
  expect(config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
});

test('every problem is reported by variable name', () => {
  let message = '';
  try {
    loadConfig({ PORT: 'eighty', WECOM_API_BASE: 'not a url' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    message = (error as Error).message;
  }
  expect(message).toContain('PORT');
  expect(message).toContain('WECOM_API_BASE');
});

test('production refuses a missing or short secret and dev login', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ALLOW_DEV_LOGIN: '1' })).toThrow(/ALLOW_DEV_LOGIN/);
  expect(() => loadConfig({ WECOM_AES_KEY: 'too-short' })).toThrow(/WECOM_AES_KEY/);
});

test('secrets keyring settings: required in production, checked for format, never echoed', () => {
  const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
  expect(() => loadConfig(prod)).toThrow(/SECRETS_KEY is required in production/);
  const key = Buffer.alloc(32, 7).toString('base64');
  expect(loadConfig({ ...prod, SECRETS_KEY: key }).SECRETS_KEY).toBe(key);
  expect(loadConfig({ ...prod, SECRETS_KEY: 'ab'.repeat(32), SECRETS_KEY_ID: 'k2', SECRETS_OLD_KEYS: `k1:${key}` }).SECRETS_KEY_ID).toBe('k2');
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };
  const weak = 'c2hvcnQta2V5';
  expect(problems({ SECRETS_KEY: weak })).toMatch(/SECRETS_KEY must be 32 bytes/);
  expect(problems({ SECRETS_KEY: weak })).not.toContain(weak);
  expect(problems({ SECRETS_KEY: key, SECRETS_KEY_ID: 'has:colon' })).toMatch(/SECRETS_KEY_ID/);
  expect(problems({ SECRETS_KEY: key, SECRETS_OLD_KEYS: 'k0' })).toMatch(/SECRETS_OLD_KEYS entry 1/);
  expect(problems({ SECRETS_KEY: key, SECRETS_OLD_KEYS: `k1:${key}` })).toMatch(/reuses the key id "k1"/);
  // Outside production the key is optional: a per-data-directory dev key stands in.
  expect(problems({})).toBe('');
});
