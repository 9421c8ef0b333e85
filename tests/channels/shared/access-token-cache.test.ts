import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { AccessTokenModel, cacheKeyFor, createAccessTokenCache } from '../../../src/channels/shared/access-token-cache.js';
import { createWecomApiClient } from '../../../src/channels/wecom/api/wecom-api-client.js';
import { createKeyring } from '../../../src/secrets/keyring.js';
import { startWecomSimulator } from '../../support/simulators/wecom/wecom-simulator.js';
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

describe('tokens are sealed at rest', () => {
  const raw = () => mongoose.connection.db!.collection('platform_access_tokens');
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };

  test('after fetching a WeCom token and both tickets from the simulator, no document contains any of them', async () => {
    const sim = await startWecomSimulator();
    try {
      const client = createWecomApiClient({ baseUrl: sim.baseUrl, corpId: sim.corpId, secret: sim.secret, agentId: sim.agentId, timeoutMs: 2_000 });
      const plaintexts = [await client.getAccessToken(), await client.getJsapiTicket(), await client.getAgentConfigTicket()];
      const docs = await raw().find({}).toArray();
      expect(docs).toHaveLength(3);
      const stored = JSON.stringify(docs);
      for (const p of plaintexts) expect(stored).not.toContain(p);
      for (const doc of docs) expect(doc.token).toMatch(/^v1:/);
      // Another instance (fresh memory) still reads them back: nothing is fetched again.
      const calls = sim.calls.get('gettoken');
      const other = createWecomApiClient({ baseUrl: sim.baseUrl, corpId: sim.corpId, secret: sim.secret, agentId: sim.agentId, timeoutMs: 2_000 });
      expect([await other.getAccessToken(), await other.getJsapiTicket(), await other.getAgentConfigTicket()]).toEqual(plaintexts);
      expect(sim.calls.get('gettoken')).toBe(calls);
    } finally {
      await sim.close();
    }
  });

  test('a token stored under an old key is still read after the key is rotated', async () => {
    const s = setup();
    expect(await createAccessTokenCache({ ...s.options, keyring: createKeyring(k1) }).get()).toBe('t1');
    const rotated = createAccessTokenCache({ ...s.options, keyring: createKeyring(k2, [k1]) });
    expect(await rotated.get()).toBe('t1');
    expect(s.issued()).toBe(1);
    // Without the old key it would not open: it is fetched again (and sealed with the current key).
    expect(await createAccessTokenCache({ ...s.options, keyring: createKeyring(k2) }).get()).toBe('t2');
    expect((await raw().findOne({}))?.token).toMatch(/^v1:k2:/);
  });

  test.each([
    ['tampered ciphertext', (sealed: string) => sealed.replace(/:([A-Za-z0-9+/])([^:]*)$/, (_m, c: string, rest: string) => `:${c === 'A' ? 'B' : 'A'}${rest}`)],
    ['another document’s sealed token', (sealed: string) => sealed],
    ['plaintext from before sealing', () => 't1'],
  ])('%s is refused: treated as no cached token, refetched, never logged', async (_label, corrupt) => {
    const s = setup();
    const keyring = createKeyring(k1);
    expect(await createAccessTokenCache({ ...s.options, keyring }).get()).toBe('t1');
    const key = cacheKeyFor('test', 'app', 's');
    const doc = await raw().findOne({ _id: key as never });
    let bad = corrupt(String(doc?.token));
    if (_label.startsWith('another')) {
      // Sealed for a different cache key: opening is bound to the key, so it does not open here.
      await createAccessTokenCache({ ...s.options, appId: 'other-app', keyring }).get();
      bad = String((await raw().findOne({ _id: cacheKeyFor('test', 'other-app', 's') as never }))?.token);
    }
    await raw().updateOne({ _id: key as never }, { $set: { token: bad } });
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    const before = s.issued();
    const fresh = createAccessTokenCache({ ...s.options, keyring });
    const token = await fresh.get();
    expect(token).toBe(`t${before + 1}`);
    expect(s.issued()).toBe(before + 1);
    for (const spy of logged) expect(spy).not.toHaveBeenCalled();
    // The refetched token replaced the refused value and is sealed again.
    const stored = String((await raw().findOne({ _id: key as never }))?.token);
    expect(stored).toMatch(/^v1:k1:/);
    expect(stored).not.toBe(bad);
  });

  test('invalidate clears the stored token only while it is still the rejected one', async () => {
    const s = setup();
    const keyring = createKeyring(k1);
    const a = createAccessTokenCache({ ...s.options, keyring });
    const b = createAccessTokenCache({ ...s.options, keyring });
    expect(await a.get()).toBe('t1');
    await a.invalidate('t1');
    expect(await a.get()).toBe('t2');
    await b.invalidate('t1'); // stale: t2 is stored now and must survive
    expect(await b.get()).toBe('t2');
    expect(s.issued()).toBe(2);
  });
});
