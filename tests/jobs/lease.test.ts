import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { useTestDatabase } from '../support/test-db.js';
import { acquireLease, createLease, currentLeaseHolder, LeaseModel, releaseLease, renewLease } from '../../src/jobs/lease.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await LeaseModel.deleteMany({});
});

const t0 = new Date('2025-03-14T10:05:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

test('of five contenders racing for a fresh lease exactly one wins', async () => {
  const grants = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((h) => acquireLease('digests', h, 60_000, t0)));
  const winners = grants.filter((g) => g !== null);
  expect(winners).toHaveLength(1);
  expect(await currentLeaseHolder('digests', t0)).toBe(winners[0]!.holder);
  expect(await LeaseModel.countDocuments()).toBe(1);
});

test('contenders racing for an expired lease: exactly one takes it over', async () => {
  await acquireLease('digests', 'crashed', 60_000, t0);
  const later = at(61_000);
  const grants = await Promise.all(['a', 'b', 'c', 'd'].map((h) => acquireLease('digests', h, 60_000, later)));
  const winners = grants.filter((g) => g !== null);
  expect(winners).toHaveLength(1);
  expect(winners[0]!.generation).toBe(2);
  expect(await currentLeaseHolder('digests', later)).toBe(winners[0]!.holder);
});

test('a held lease is refused to others until it expires, then the next contender takes over', async () => {
  const leader = await acquireLease('digests', 'A', 60_000, t0);
  expect(leader).not.toBeNull();
  expect(await acquireLease('digests', 'B', 60_000, at(59_999))).toBeNull();
  // A crashed: it never renews. At the expiry instant B takes over.
  const b = await acquireLease('digests', 'B', 60_000, at(60_000));
  expect(b).toMatchObject({ holder: 'B', generation: 2 });
  // A wakes up: its old grant can no longer be renewed and it is refused a new one while B holds it.
  expect(await renewLease(leader!, 60_000, at(61_000))).toBe(false);
  expect(await acquireLease('digests', 'A', 60_000, at(61_000))).toBeNull();
});

test('renewal keeps the lease; the holder re-acquiring extends it without changing hands', async () => {
  const a = (await acquireLease('digests', 'A', 60_000, t0))!;
  expect(await renewLease(a, 60_000, at(50_000))).toBe(true);
  expect(a.expiresAt).toEqual(at(110_000));
  expect(await acquireLease('digests', 'B', 60_000, at(100_000))).toBeNull();
  const again = await acquireLease('digests', 'A', 60_000, at(100_000));
  expect(again).toMatchObject({ holder: 'A', generation: 1 });
});

test('release lets another instance take over at once; releasing a lost lease does not free the new holder', async () => {
  const a = (await acquireLease('digests', 'A', 60_000, t0))!;
  await releaseLease(a);
  const b = (await acquireLease('digests', 'B', 60_000, at(1_000)))!;
  expect(b.holder).toBe('B');
  await releaseLease(a); // stale grant: must not touch B's lease
  expect(await currentLeaseHolder('digests', at(2_000))).toBe('B');
});

test('leases are independent by name', async () => {
  expect(await acquireLease('job:digests', 'A', 60_000, t0)).not.toBeNull();
  expect(await acquireLease('job:reminders', 'B', 60_000, t0)).not.toBeNull();
});

test('createLease binds holder and clock', async () => {
  let now = t0;
  const clock = { now: () => now };
  const a = createLease({ name: 'x', holder: 'A', ttlMs: 10_000, clock });
  const b = createLease({ name: 'x', holder: 'B', ttlMs: 10_000, clock });
  expect(await a.tryHold()).toBe(true);
  expect(await b.tryHold()).toBe(false);
  now = at(10_001);
  expect(await b.tryHold()).toBe(true);
  expect(await a.tryHold()).toBe(false);
  await b.release();
  expect(await a.tryHold()).toBe(true);
});
