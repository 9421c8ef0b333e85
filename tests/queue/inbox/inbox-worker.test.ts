import { afterAll, beforeAll, expect, test } from 'vitest';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { useTestDatabase } from '../../support/test-db.js';
import { inboxUnderTest } from '../../support/queues-under-test.js';
import { makeEvent, silentLogger } from '../../support/make-inbound-event.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

test('a running worker handles accepted events promptly (woken, not polled) — latency figures', { timeout: 60_000 }, async () => {
  const queue = inboxUnderTest();
  const handledAt = new Map<string, number>();
  const unregister = queue.handlers.on('unknown', async (event) => {
    handledAt.set(event.id, performance.now());
  });
  // A one-minute poll: only the wake signal can make events flow within the test's time.
  const worker = queue.inbox.startWorker({ concurrency: 4, pollMs: 60_000, logger: silentLogger });
  const acceptMs: number[] = [];
  const acceptedAt = new Map<string, number>();
  try {
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      const { id } = await queue.inbox.accept(makeEvent({ dedupeKey: `lat${i}` }));
      const done = performance.now();
      acceptMs.push(done - started);
      acceptedAt.set(id, done);
    }
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && handledAt.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await worker.stop();
    unregister();
  }
  expect(handledAt.size).toBe(300);
  expect(await InboxEvent.countDocuments({ status: 'done' })).toBe(300);

  const accept = [...acceptMs].sort((a, b) => a - b);
  const toHandler = [...handledAt].map(([id, at]) => at - acceptedAt.get(id)!).sort((a, b) => a - b);
  console.log(
    `acceptInboundEvent: median ${percentile(accept, 50).toFixed(1)} ms, p99 ${percentile(accept, 99).toFixed(1)} ms; ` +
      `accepted → handler: median ${percentile(toHandler, 50).toFixed(1)} ms, p99 ${percentile(toHandler, 99).toFixed(1)} ms`,
  );
  expect(percentile(toHandler, 50)).toBeLessThan(1_000);
});

test('stop() lets the event in hand finish and then claims nothing more', async () => {
  const queue = inboxUnderTest();
  let finished = 0;
  const unregister = queue.handlers.on('unknown', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    finished++;
  });
  const worker = queue.inbox.startWorker({ concurrency: 1, pollMs: 20, logger: silentLogger });
  try {
    await queue.inbox.accept(makeEvent({ dedupeKey: 'slow1' }));
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await InboxEvent.countDocuments({ dedupeKey: 'slow1', status: 'processing' })) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await worker.stop();
    expect(finished).toBe(1);
    expect(await InboxEvent.findOne({ dedupeKey: 'slow1' }).lean()).toMatchObject({ status: 'done' });
    await queue.inbox.accept(makeEvent({ dedupeKey: 'slow2' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await InboxEvent.findOne({ dedupeKey: 'slow2' }).lean()).toMatchObject({ status: 'pending' });
  } finally {
    unregister();
  }
});
