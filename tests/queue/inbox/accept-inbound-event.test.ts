import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { acceptInboundEvent } from '../../../src/queue/inbox/accept-inbound-event.js';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { connectDatabase } from '../../../src/db/connect.js';
import { InvalidInput, Unavailable } from '../../../src/errors.js';
import { useTestDatabase } from '../../support/test-db.js';
import { makeEvent } from '../../support/make-inbound-event.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

test('the same dedupeKey accepted three times stores one pending event', async () => {
  const event = makeEvent({ dedupeKey: 'msg-1' });
  const results = [await acceptInboundEvent(event), await acceptInboundEvent(event), await acceptInboundEvent({ ...event, payload: { other: true } })];
  expect(results.map((r) => r.duplicate)).toEqual([false, true, true]);
  expect(new Set(results.map((r) => r.id)).size).toBe(1);
  const stored = await InboxEvent.find({ tenantId: 't1', dedupeKey: 'msg-1' }).lean();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ status: 'pending', attempts: 0, kind: 'unknown', payload: { n: 1, text: '你好 👋' } });
  expect(stored[0]!.nextAttemptAt.getTime()).toBe(event.receivedAt.getTime());
});

test('concurrent duplicates (a platform retrying while the first is in flight) still store one', async () => {
  const event = makeEvent({ dedupeKey: 'burst' });
  const results = await Promise.all(Array.from({ length: 10 }, () => acceptInboundEvent(event)));
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  expect(new Set(results.map((r) => r.id)).size).toBe(1);
  expect(await InboxEvent.countDocuments({ dedupeKey: 'burst' })).toBe(1);
});

test('the dedupe key is per tenant', async () => {
  const a = await acceptInboundEvent(makeEvent({ tenantId: 'ta', dedupeKey: 'shared' }));
  const b = await acceptInboundEvent(makeEvent({ tenantId: 'tb', dedupeKey: 'shared' }));
  expect(a.duplicate || b.duplicate).toBe(false);
  expect(a.id).not.toBe(b.id);
});

test('a malformed event is rejected with InvalidInput and nothing is stored', async () => {
  const before = await InboxEvent.countDocuments();
  await expect(acceptInboundEvent(makeEvent({ dedupeKey: '' }))).rejects.toBeInstanceOf(InvalidInput);
  await expect(acceptInboundEvent({ ...makeEvent(), platform: 'icq' as never })).rejects.toBeInstanceOf(InvalidInput);
  await expect(acceptInboundEvent({ ...makeEvent(), receivedAt: 'yesterday' as never })).rejects.toBeInstanceOf(InvalidInput);
  expect(await InboxEvent.countDocuments()).toBe(before);
});

test('database unreachable → Unavailable within the deadline; the platform retry is then accepted exactly once', async () => {
  await mongoose.disconnect();
  const event = makeEvent({ dedupeKey: 'while-down' });
  const started = Date.now();
  await expect(acceptInboundEvent(event, { timeoutMs: 300 })).rejects.toBeInstanceOf(Unavailable);
  expect(Date.now() - started).toBeLessThan(2_000);

  await connectDatabase(db.uri, db.dbName);
  // The platform redelivers after our 503. Whether or not the timed-out insert landed later,
  // exactly one event exists afterwards.
  const retried = await acceptInboundEvent(event);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await InboxEvent.countDocuments({ dedupeKey: 'while-down' })).toBe(1);
  expect(typeof retried.id).toBe('string');
});
