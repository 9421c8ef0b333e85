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
