import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { AccessTokenModel, createAccessTokenCache } from '../../../src/channels/shared/access-token-cache.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await AccessTokenModel.deleteMany({});
  vi.restoreAllMocks();
});

function setup() {
  let clock = 1_000_000;
  let issued = 0;
  const options = {
    platform: 'test',
    appId: 'app',
    secret: 's',
    refreshMarginMs: 60_000,
    now: () => clock,
    fetchToken: async () => ({ token: `t${++issued}`, expiresInSeconds: 7200 }),
  };
  return {
    options,
    issued: () => issued,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('access token cache', () => {
  test('a valid token is served from memory, without a MongoDB read per call', async () => {
    const s = setup();
    const cache = createAccessTokenCache(s.options);
    expect(await cache.get()).toBe('t1');
    const reads = vi.spyOn(AccessTokenModel, 'findById');
    for (let i = 0; i < 5; i++) expect(await cache.get()).toBe('t1');
    expect(reads).not.toHaveBeenCalled();
    expect(s.issued()).toBe(1);
  });

  test('within the refresh margin MongoDB is consulted again (another instance may have refreshed)', async () => {
    const s = setup();
    const a = createAccessTokenCache(s.options);
    const b = createAccessTokenCache(s.options);
    expect(await a.get()).toBe('t1');
    expect(await b.get()).toBe('t1');
    s.advance(7200_000 - 30_000);
    expect(await a.get()).toBe('t2');
    const reads = vi.spyOn(AccessTokenModel, 'findById');
    expect(await b.get()).toBe('t2');
    expect(reads).toHaveBeenCalled();
    expect(s.issued()).toBe(2);
  });

  test('invalidate drops the in-memory copy; the other instance picks up the new token once its own is refused', async () => {
    const s = setup();
    const a = createAccessTokenCache(s.options);
    const b = createAccessTokenCache(s.options);
    expect(await a.get()).toBe('t1');
    expect(await b.get()).toBe('t1');
    await a.invalidate('t1');
    expect(await a.get()).toBe('t2');
    // b still holds t1 until the platform refuses it.
    expect(await b.get()).toBe('t1');
    await b.invalidate('t1');
    expect(await b.get()).toBe('t2');
    expect(s.issued()).toBe(2);
  });
});
