import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Conflict, InvalidInput, NotFound } from '../../../src/errors.js';
import { acceptInboundEvent } from '../../../src/queue/inbox/accept-inbound-event.js';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../../src/queue/inbox/permanent-handler-error.js';
import { listInboxEvents } from '../../../src/queue/inbox/list-inbox-events.js';
import { createManualClock } from '../../../src/jobs/clock.js';
import { useTestDatabase } from '../../support/test-db.js';
import { makeEvent, silentLogger } from '../../support/make-inbound-event.js';
import { inboxUnderTest } from '../../support/queues-under-test.js';
import type { InboxHandler } from '../../../src/queue/inbox/inbox-handlers.js';
import type { InboundEvent, InboundEventKind } from '../../../src/messaging/inbound-event.js';
import type { QueueOptions } from '../../../src/queue/queue-options.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

// A fresh inbox (its own handler registry) per test, as each service instance has.
let queue = inboxUnderTest();
beforeEach(() => {
  queue = inboxUnderTest();
});
afterEach(async () => {
  await InboxEvent.deleteMany({});
});
function handle(kind: InboundEventKind, handler: InboxHandler, platform?: 'wecom' | 'dingtalk') {
  queue.handlers.on(kind, handler, platform ? { platform } : {});
}
const drainInbox = (options?: QueueOptions) => queue.inbox.drain(options);
const processInboxOnce = (options?: QueueOptions) => queue.inbox.processOnce(options);
const replayInboxEvent = (tenantId: string, id: string, now?: Date) => queue.inbox.replay(tenantId, id, now);

const T0 = new Date('2025-03-01T08:00:00Z');

function contactAdded(platform: 'wecom' | 'dingtalk'): InboundEvent<'contact.added'> {
  const { kind: _kind, payload: _payload, ...envelope } = makeEvent({ platform });
  return { ...envelope, kind: 'contact.added', payload: { externalUserId: 'wm1', staffUserId: 'zhangsan', occurredAt: T0.toISOString() } };
}

test('a handled event is done, the handler sees the stored event', async () => {
  const clock = createManualClock(T0);
  const seen: unknown[] = [];
  handle('unknown', async (event) => {
    seen.push(event);
  });
  const { id } = await acceptInboundEvent(makeEvent({ receivedAt: T0, dedupeKey: 'a' }));
  expect(await drainInbox({ now: clock.now, logger: silentLogger })).toBe(1);
  expect(seen).toEqual([
    expect.objectContaining({ id, tenantId: 't1', platform: 'wecom', dedupeKey: 'a', kind: 'unknown', attempts: 1, payload: { n: 1, text: '你好 👋' }, actor: { platformUserId: 'zhangsan', name: '张三' } }),
  ]);
  const stored = await InboxEvent.findById(id).lean();
  expect(stored).toMatchObject({ status: 'done', attempts: 1, lockedBy: null, lockedUntil: null });
  expect(stored!.processedAt!.getTime()).toBe(T0.getTime());
  // Done events are not picked up again.
  expect(await drainInbox({ now: clock.now, logger: silentLogger })).toBe(0);
});

test('an event of a kind nobody handles is marked done and kept raw', async () => {
  const { id } = await acceptInboundEvent(makeEvent({ kind: 'unknown', payload: { raw: '<xml/>' } }));
  await drainInbox({ logger: silentLogger });
  expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'done', payload: { raw: '<xml/>' } });
});

test('a kind the vocabulary does not know, or a payload that does not fit its kind, is refused at the edge', async () => {
  const unknownKind = { ...makeEvent(), kind: 'chat.unknown_thing' } as unknown as Parameters<typeof acceptInboundEvent>[0];
  await expect(acceptInboundEvent(unknownKind)).rejects.toBeInstanceOf(InvalidInput);
  const badPayload = { ...makeEvent(), kind: 'contact.added', payload: { externalUserId: 'wm1' } } as unknown as Parameters<typeof acceptInboundEvent>[0];
  await expect(acceptInboundEvent(badPayload)).rejects.toThrow(/payload/);
  expect(await InboxEvent.countDocuments({})).toBe(0);
});

test('a stored payload that no longer fits its kind is dead at once, its handler never called', async () => {
  let called = false;
  handle('contact.added', async () => {
    called = true;
  });
  const { id } = await acceptInboundEvent(contactAdded('wecom'));
  await InboxEvent.updateOne({ _id: id }, { $unset: { 'payload.staffUserId': 1 } });
  await drainInbox({ logger: silentLogger });
  expect(called).toBe(false);
  expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 1 });
});

test('an event that is not yet due waits', async () => {
  const clock = createManualClock(T0);
  await acceptInboundEvent(makeEvent({ receivedAt: new Date(T0.getTime() + 60_000) }));
  expect(await processInboxOnce({ now: clock.now, logger: silentLogger })).toBe(false);
  clock.advance(60_000);
  expect(await processInboxOnce({ now: clock.now, logger: silentLogger })).toBe(true);
});

describe('failures', () => {
  test('retries with exponential backoff, then dead after maxAttempts', async () => {
    const clock = createManualClock(T0);
    let calls = 0;
    handle('unknown', async () => {
      calls++;
      throw new Error(`downstream said no (call ${calls}) access_token=SECRETTOKEN`);
    });
    const { id } = await acceptInboundEvent(makeEvent({ receivedAt: T0 }));
    const options = { now: clock.now, maxAttempts: 4, backoff: { baseMs: 1_000, maxMs: 60_000 }, logger: silentLogger };
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await drainInbox(options)).toBe(1);
      const doc = (await InboxEvent.findById(id).lean())!;
      expect(doc).toMatchObject({ status: 'pending', attempts: attempt, lockedBy: null });
      expect(doc.lastError).toContain(`call ${attempt}`);
      expect(doc.lastError).not.toContain('SECRETTOKEN');
      const delay = doc.nextAttemptAt.getTime() - clock.now().getTime();
      delays.push(delay);
      // Not due before its time:
      clock.advance(delay - 1);
      expect(await drainInbox(options)).toBe(0);
      clock.advance(1);
    }
    // equal jitter: d_n in [b·2^(n-1)/2, b·2^(n-1)]
    expect(delays[0]).toBeGreaterThanOrEqual(500);
    expect(delays[0]).toBeLessThanOrEqual(1_000);
    expect(delays[1]).toBeGreaterThanOrEqual(1_000);
    expect(delays[1]).toBeLessThanOrEqual(2_000);
    expect(delays[2]).toBeGreaterThanOrEqual(2_000);
    expect(delays[2]).toBeLessThanOrEqual(4_000);

    expect(await drainInbox(options)).toBe(1);
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 4 });
    clock.advance(24 * 3_600_000);
    expect(await drainInbox(options)).toBe(0);
    expect(calls).toBe(4);
  });

  test('the default is 8 attempts', async () => {
    let calls = 0;
    handle('unknown', async () => {
      calls++;
      throw new Error('always');
    });
    const { id } = await acceptInboundEvent(makeEvent());
    // Zero backoff: every retry is due at once, so one drain runs all attempts.
    await drainInbox({ backoff: { baseMs: 0, maxMs: 0 }, logger: silentLogger });
    expect(calls).toBe(8);
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 8 });
  });

  test('a permanent error (or InvalidInput) is dead at once', async () => {
    handle('unknown', async (event) => {
      if (event.payload.which === 'permanent') throw new PermanentHandlerError('tenant no longer exists');
      throw new InvalidInput('payload lacks ExternalUserID');
    });
    const a = await acceptInboundEvent(makeEvent({ payload: { which: 'permanent' } }));
    const b = await acceptInboundEvent(makeEvent({ payload: { which: 'invalid' } }));
    await drainInbox({ backoff: { baseMs: 0, maxMs: 0 }, logger: silentLogger });
    expect(await InboxEvent.findById(a.id).lean()).toMatchObject({ status: 'dead', attempts: 1, lastError: 'PermanentHandlerError: tenant no longer exists' });
    expect(await InboxEvent.findById(b.id).lean()).toMatchObject({ status: 'dead', attempts: 1 });
  });

  test('a handler that hangs past timeoutMs is failed and retried later', async () => {
    const clock = createManualClock(T0);
    handle('unknown', () => new Promise<void>(() => {}));
    const { id } = await acceptInboundEvent(makeEvent({ receivedAt: T0 }));
    await processInboxOnce({ now: clock.now, timeoutMs: 100, logger: silentLogger });
    const doc = (await InboxEvent.findById(id).lean())!;
    expect(doc.status).toBe('pending');
    expect(doc.lastError).toMatch(/did not finish within 100 ms/);
    expect(doc.nextAttemptAt.getTime()).toBeGreaterThan(T0.getTime());
  });
});

test('a slow handler keeps its lock alive: no other worker takes the event meanwhile', async () => {
  let calls = 0;
  handle('unknown', async () => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, 800));
  });
  const { id } = await acceptInboundEvent(makeEvent());
  const first = processInboxOnce({ lockMs: 150, workerId: 'slow', logger: silentLogger });
  let stolen = 0;
  const until = Date.now() + 700;
  await new Promise((resolve) => setTimeout(resolve, 50));
  while (Date.now() < until) {
    if (await processInboxOnce({ lockMs: 150, workerId: 'thief', logger: silentLogger })) stolen++;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  await first;
  expect(stolen).toBe(0);
  expect(calls).toBe(1);
  expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'done', attempts: 1 });
});

test('an event abandoned by its worker on every attempt ends up dead', async () => {
  const clock = createManualClock(T0);
  let calls = 0;
  handle('unknown', async () => void calls++);
  const { id } = await acceptInboundEvent(makeEvent({ receivedAt: T0 }));
  // The state after the third claim whose worker died (maxAttempts 3): lock expired, attempts 3.
  await InboxEvent.updateOne({ _id: id }, { $set: { status: 'processing', attempts: 3, lockedBy: 'dead#1', lockedUntil: T0 } });
  await drainInbox({ now: clock.now, maxAttempts: 3, logger: silentLogger });
  expect(calls).toBe(0);
  expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 4, lastError: 'abandoned: the worker stopped during every attempt' });
});

test('a platform-specific handler wins over the generic one; double registration throws', async () => {
  const calls: string[] = [];
  handle('contact.added', async (e) => void calls.push(`generic:${e.platform}`));
  handle('contact.added', async (e) => void calls.push(`wecom:${e.platform}`), 'wecom');
  expect(() => queue.handlers.on('contact.added', async () => {})).toThrow(/already registered/);
  await acceptInboundEvent(contactAdded('wecom'));
  await drainInbox({ logger: silentLogger });
  await acceptInboundEvent(contactAdded('dingtalk'));
  await drainInbox({ logger: silentLogger });
  expect(calls).toEqual(['wecom:wecom', 'generic:dingtalk']);
});

describe('replay', () => {
  test('a dead event replayed is processed with a fresh set of attempts', async () => {
    let fixed = false;
    let calls = 0;
    handle('unknown', async () => {
      calls++;
      if (!fixed) throw new PermanentHandlerError('bad config');
    });
    const { id } = await acceptInboundEvent(makeEvent());
    await drainInbox({ logger: silentLogger });
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 1 });

    fixed = true;
    await replayInboxEvent('t1', id);
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await drainInbox({ logger: silentLogger })).toBe(1);
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'done', attempts: 1 });
    expect(calls).toBe(2);
  });

  test('only dead events of the caller’s tenant can be replayed', async () => {
    const { id } = await acceptInboundEvent(makeEvent());
    await expect(replayInboxEvent('t1', id)).rejects.toBeInstanceOf(Conflict);
    await expect(replayInboxEvent('other-tenant', id)).rejects.toBeInstanceOf(NotFound);
    await expect(replayInboxEvent('t1', 'not-an-id')).rejects.toBeInstanceOf(NotFound);
    await expect(replayInboxEvent('t1', '0123456789abcdef01234567')).rejects.toBeInstanceOf(NotFound);
    expect(await InboxEvent.findById(id).lean()).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

test('listInboxEvents pages newest first within one tenant and status', async () => {
  handle('unknown', async (e) => {
    if ((e.payload as { fail?: boolean }).fail) throw new PermanentHandlerError('no');
  });
  for (let i = 0; i < 5; i++) await acceptInboundEvent(makeEvent({ dedupeKey: `d${i}`, payload: { fail: true, i } }));
  await acceptInboundEvent(makeEvent({ dedupeKey: 'ok', payload: {} }));
  await acceptInboundEvent(makeEvent({ tenantId: 't2', dedupeKey: 'x', payload: { fail: true } }));
  await drainInbox({ logger: silentLogger });

  const first = await listInboxEvents('t1', { status: 'dead', limit: 2 });
  expect(first.items.map((i) => i.dedupeKey)).toEqual(['d4', 'd3']);
  const second = await listInboxEvents('t1', { status: 'dead', limit: 2, cursor: first.nextCursor! });
  const third = await listInboxEvents('t1', { status: 'dead', limit: 2, cursor: second.nextCursor! });
  expect([...second.items, ...third.items].map((i) => i.dedupeKey)).toEqual(['d2', 'd1', 'd0']);
  expect(third.nextCursor).toBeNull();
  expect(first.items[0]).toMatchObject({ status: 'dead', attempts: 1, lastError: 'PermanentHandlerError: no', payload: { fail: true, i: 4 } });
  expect((await listInboxEvents('t1')).items).toHaveLength(6);
  await expect(listInboxEvents('t1', { cursor: '{"$gt":""}' })).rejects.toBeInstanceOf(InvalidInput);
});
