import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { useTestDatabase } from '../../support/test-db.js';
import { inboxUnderTest } from '../../support/queues-under-test.js';
import { makeEvent, silentLogger } from '../../support/make-inbound-event.js';
import { spawnFixture, type Fixture } from '../../support/spawn-fixture.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
const fixtures: Fixture[] = [];
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  for (const f of fixtures) f.child.kill('SIGKILL');
  await db.drop();
});

test('two worker processes and an in-process worker (2 loops) never handle one event twice', { timeout: 120_000 }, async () => {
  const queue = inboxUnderTest();
  const EVENTS = 150;
  for (const name of ['proc-a', 'proc-b']) {
    fixtures.push(spawnFixture('count-calls-worker', { MONGO_URI: db.uri, DB_NAME: db.dbName, WORKER_NAME: name, EXPECTED: String(EVENTS) }));
  }
  await Promise.all(fixtures.map((f) => f.waitForLine(/^READY$/)));

  const calls = mongoose.connection.collection('inbox_test_calls');
  const unregister = queue.handlers.on('unknown', async (event) => {
    await calls.insertOne({ eventId: event.id, worker: 'in-test', at: new Date() });
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10));
  });
  const local = queue.inbox.startWorker({ concurrency: 2, pollMs: 20, workerId: 'in-test', logger: silentLogger });
  try {
    const accepted = await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => queue.inbox.accept(makeEvent({ dedupeKey: `e${i}` }))),
    );
    const ids = accepted.map((a) => a.id);
    await Promise.all(fixtures.map((f) => f.waitForLine(/^DONE$/, 100_000)));
    await local.stop();

    const recorded = await calls.find({}).toArray();
    const perEvent = new Map<string, number>();
    for (const r of recorded) perEvent.set(String(r.eventId), (perEvent.get(String(r.eventId)) ?? 0) + 1);
    expect(recorded).toHaveLength(EVENTS);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perEvent.keys())).toEqual(new Set(ids));
    expect(await InboxEvent.countDocuments({ status: 'done', attempts: 1 })).toBe(EVENTS);

    const byWorker = new Map<string, number>();
    for (const r of recorded) byWorker.set(String(r.worker), (byWorker.get(String(r.worker)) ?? 0) + 1);
    console.log('events handled per worker:', Object.fromEntries(byWorker));
    // The race was real: more than one instance took part.
    expect(byWorker.size).toBeGreaterThanOrEqual(2);
  } finally {
    unregister();
    await local.stop();
  }
});
