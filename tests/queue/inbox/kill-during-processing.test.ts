import { afterAll, beforeAll, expect, test } from 'vitest';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { useTestDatabase } from '../../support/test-db.js';
import { inboxUnderTest } from '../../support/queues-under-test.js';
import { silentLogger } from '../../support/make-inbound-event.js';
import { isAlive, spawnFixture, type Fixture } from '../../support/spawn-fixture.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let fixture: Fixture | undefined;
let childPid: number | undefined;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  if (childPid && isAlive(childPid)) process.kill(childPid, 'SIGKILL');
  fixture?.child.kill('SIGKILL');
  await db.drop();
});

test('an event acknowledged and then killed (-9) mid-handler is processed exactly once after restart', { timeout: 90_000 }, async () => {
  const queue = inboxUnderTest();
  const LOCK_MS = 1_500;
  fixture = spawnFixture('block-in-handler', { MONGO_URI: db.uri, DB_NAME: db.dbName, DEDUPE_KEY: 'kill-me', LOCK_MS: String(LOCK_MS) });
  const [, acceptedId] = await fixture.waitForLine(/^ACCEPTED (\w+) (\d+)$/);
  const [, handledId, pid] = await fixture.waitForLine(/^HANDLER_STARTED (\w+) (\d+)$/);
  expect(handledId).toBe(acceptedId);
  childPid = Number(pid);

  const inFlight = (await InboxEvent.findById(acceptedId).lean())!;
  expect(inFlight).toMatchObject({ status: 'processing', attempts: 1, payload: { from: 'child' } });
  expect(inFlight.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

  process.kill(childPid, 'SIGKILL');
  await fixture.exited;
  expect(isAlive(childPid)).toBe(false);

  let calls = 0;
  const unregister = queue.handlers.on('unknown', async (event) => {
    calls++;
    expect(event.attempts).toBe(2);
  });
  try {
    // While the dead process's lock is still valid nobody may take the event over…
    const stillLocked = (await InboxEvent.findById(acceptedId).lean())!;
    if (stillLocked.lockedUntil!.getTime() > Date.now() + 200) {
      expect(await queue.inbox.processOnce({ logger: silentLogger })).toBe(false);
    }
    // …once it expires, a restarted worker (short lock, fast polling) picks it up.
    const worker = queue.inbox.startWorker({ concurrency: 2, pollMs: 50, lockMs: 500, logger: silentLogger });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await InboxEvent.findById(acceptedId).lean())!.status !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Give a hypothetical double-processing a chance to show up before stopping.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await worker.stop();
  } finally {
    unregister();
  }
  expect(calls).toBe(1);
  const after = (await InboxEvent.findById(acceptedId).lean())!;
  expect(after).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
  expect(await InboxEvent.countDocuments({ dedupeKey: 'kill-me' })).toBe(1);
});
