import { describe, expect, test } from 'vitest';
import { describeFailure } from '../../src/queue/describe-failure.js';
import { DEFAULT_BACKOFF, retryDelayMs } from '../../src/queue/retry-backoff.js';

describe('retryDelayMs', () => {
  const opts = { baseMs: 1_000, maxMs: 60_000 };
  test('doubles per failed attempt, jittered within [d/2, d]', () => {
    expect(retryDelayMs(1, opts, () => 0)).toBe(500);
    expect(retryDelayMs(1, opts, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, opts, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, opts, () => 1)).toBe(4_000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(4, opts);
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(8_000);
    }
  });
  test('is capped at maxMs even for huge attempt numbers', () => {
    expect(retryDelayMs(50, opts, () => 1)).toBe(60_000);
    expect(retryDelayMs(5_000, DEFAULT_BACKOFF, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});

describe('describeFailure', () => {
  test('redacts credentials in URLs, JSON and bearer headers', () => {
    const text = describeFailure(
      new Error('GET https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=AbC123&debug=1 failed; body {"corpsecret":"s3cr3t"} Authorization: Bearer eyJhbGciOi.x.y'),
    );
    expect(text).not.toMatch(/AbC123|s3cr3t|eyJhbGciOi/);
    expect(text).toContain('access_token=[redacted]');
    expect(text).toContain('debug=1');
  });
  test('keeps the error name, bounds the length, handles non-errors', () => {
    class Boom extends Error {
      override name = 'Boom';
    }
    expect(describeFailure(new Boom('bad'))).toBe('Boom: bad');
    expect(describeFailure(new Error('x'.repeat(5_000))).length).toBeLessThanOrEqual(1_000);
    expect(describeFailure({ some: 'object' })).toBe('non-error thrown: [object Object]');
  });
});
