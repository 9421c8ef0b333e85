import { afterAll, beforeAll, expect, test } from 'vitest';
import { InvalidInput, Unavailable } from '../../../src/errors.js';
import type { InboundEvent } from '../../../src/messaging/inbound-event.js';
import { createAcceptBatcher } from '../../../src/queue/inbox/accept-batcher.js';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { insertInboxBatch } from '../../../src/queue/inbox/insert-inbox-batch.js';
import { makeEvent } from '../../support/make-inbound-event.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

/** The real batch insert, recording each batch's size. */
function watchedInsert() {
  const sizes: number[] = [];
  return {
    sizes,
    insertBatch: (events: readonly InboundEvent[]) => {
      sizes.push(events.length);
      return insertInboxBatch(events);
    },
  };
}

test('concurrent accepts share inserts; each caller gets its own result, duplicates (in one batch or already stored) the first id', async () => {
  const stored = makeEvent({ dedupeKey: 'already-there' });
  const before = await createAcceptBatcher()(stored);
  const watched = watchedInsert();
  const accept = createAcceptBatcher({ insertBatch: watched.insertBatch });
  const events = Array.from({ length: 60 }, (_, i) => makeEvent({ dedupeKey: `b-${i % 40}`, payload: { i } }));
  events.push({ ...stored, payload: { again: true } });

  const results = await Promise.all(events.map((e) => accept(e)));

  // The first insert goes alone; everything that arrived while it was in flight shares the next ones.
  expect(watched.sizes.length).toBeLessThan(events.length / 4);
  expect(watched.sizes.reduce((a, b) => a + b, 0)).toBe(events.length);
  expect(await InboxEvent.countDocuments({ dedupeKey: /^b-/ })).toBe(40);
  expect(results.filter((r) => !r.duplicate)).toHaveLength(40);
  const stored40 = await InboxEvent.find({ dedupeKey: /^b-/ }, { dedupeKey: 1 }).lean();
  const idOf = new Map(stored40.map((d) => [d.dedupeKey, d._id.toHexString()]));
  events.slice(0, 60).forEach((e, i) => expect(results[i]!.id).toBe(idOf.get(e.dedupeKey)));
  // The copy delivered first won; its duplicates carry its id, not their own payload.
  for (let i = 40; i < 60; i++) expect(results[i]).toEqual({ id: results[i - 40]!.id, duplicate: true });
  expect(results[60]).toEqual({ id: before.id, duplicate: true });
  const doc = await InboxEvent.findOne({ dedupeKey: 'b-3' }).lean();
  expect(doc).toMatchObject({ status: 'pending', attempts: 0, payload: { i: 3 }, lockedBy: null });
  expect(doc!.createdAt).toBeInstanceOf(Date);
});

test('no caller is answered before its batch is confirmed, and a failed batch answers every caller Unavailable', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const accept = createAcceptBatcher({
    insertBatch: async (events) => {
      await gate;
      return insertInboxBatch(events);
    },
  });
  let answered = 0;
  const pending = Array.from({ length: 5 }, () => accept(makeEvent({ dedupeKey: `gated-${Math.random()}` })).then((r) => (answered++, r)));
  await new Promise((r) => setTimeout(r, 100));
  expect(answered).toBe(0);
  release();
  expect((await Promise.all(pending)).every((r) => !r.duplicate)).toBe(true);

  const broken = createAcceptBatcher({ insertBatch: async () => Promise.reject(new Error('connection reset')) });
  const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => broken(makeEvent())));
  expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof Unavailable)).toBe(true);
});

test('a caller past its deadline gets Unavailable; a malformed event fails alone with InvalidInput', async () => {
  const stuck = createAcceptBatcher({ insertBatch: () => new Promise(() => {}) });
  const started = Date.now();
  await expect(stuck(makeEvent(), { timeoutMs: 150 })).rejects.toBeInstanceOf(Unavailable);
  expect(Date.now() - started).toBeLessThan(1_000);

  const accept = createAcceptBatcher();
  const [bad, good] = await Promise.allSettled([accept(makeEvent({ dedupeKey: '' })), accept(makeEvent({ dedupeKey: 'fine' }))]);
  expect(bad.status === 'rejected' && bad.reason instanceof InvalidInput).toBe(true);
  expect(good).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
});
