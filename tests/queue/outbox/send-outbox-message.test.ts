import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Conflict, NotFound } from '../../../src/errors.js';
import { createManualClock } from '../../../src/jobs/clock.js';
import { listOutboxMessages } from '../../../src/queue/outbox/list-outbox-messages.js';
import { OutboxMessage } from '../../../src/queue/outbox/outbox-message-model.js';
import type { OutboundMessage } from '../../../src/messaging/outbound-message.js';
import { createLogger } from '../../../src/logger.js';
import { useTestDatabase } from '../../support/test-db.js';
import { outboxUnderTest } from '../../support/queues-under-test.js';
import type { EnqueueOptions } from '../../../src/queue/outbox/enqueue-outbound.js';
import type { OutboundSender } from '../../../src/queue/outbox/outbound-senders.js';
import type { QueueOptions } from '../../../src/queue/queue-options.js';
import type { WorkerOptions } from '../../../src/queue/durable-queue.js';
import type { Platform } from '../../../src/messaging/platform.js';
import { httpSender, startCaptureServer, type CaptureServer } from '../../support/capture-server.js';

const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let server: CaptureServer;
let unregister: (() => void) | undefined;
beforeAll(async () => {
  db = await useTestDatabase();
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
  await db.drop();
});
// A fresh outbox (its own sender registry) per test, as each service instance has.
let queue = outboxUnderTest();
beforeEach(() => {
  queue = outboxUnderTest();
});
const registerOutboundSender = (platform: Platform, sender: OutboundSender) => queue.senders.add(platform, sender);
const enqueueOutbound = (m: OutboundMessage, options?: EnqueueOptions) => queue.outbox.enqueue(m, options);
const drainOutbox = (options?: QueueOptions) => queue.outbox.drain(options);
const processOutboxOnce = (options?: QueueOptions) => queue.outbox.processOnce(options);
const retryOutboxMessage = (tenantId: string, id: string) => queue.outbox.retry(tenantId, id);
const startOutboxWorker = (options: WorkerOptions) => queue.outbox.startWorker(options);
afterEach(async () => {
  unregister?.();
  unregister = undefined;
  server.script.length = 0;
  server.delivered.length = 0;
  server.requests = 0;
  await OutboxMessage.deleteMany({});
});

const T0 = new Date('2025-03-01T08:00:00Z');
const message = (text: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  tenantId: 't1',
  platform: 'wecom',
  to: { type: 'user', platformUserId: 'zhangsan' },
  body: { type: 'text', text },
  ...overrides,
});

test('a failing send is retried with backoff and then delivered exactly once', async () => {
  unregister = registerOutboundSender('wecom', httpSender(server.url));
  const clock = createManualClock(T0);
  const options = { now: clock.now, backoff: { baseMs: 1_000, maxMs: 60_000 }, logger };
  server.script.push({ status: 500 }, { status: 503 });
  const id = await enqueueOutbound(message('hello'), { now: clock.now });

  await drainOutbox(options);
  let doc = (await OutboxMessage.findById(id).lean())!;
  expect(doc).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
  clock.set(doc.nextAttemptAt);
  await drainOutbox(options);
  doc = (await OutboxMessage.findById(id).lean())!;
  expect(doc).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503' });
  const secondDelay = doc.nextAttemptAt.getTime() - clock.now().getTime();
  expect(secondDelay).toBeGreaterThanOrEqual(1_000);
  expect(secondDelay).toBeLessThanOrEqual(2_000);
  clock.set(doc.nextAttemptAt);
  expect(await drainOutbox(options)).toBe(1);

  doc = (await OutboxMessage.findById(id).lean())!;
  expect(doc).toMatchObject({ status: 'sent', attempts: 3, providerMessageId: 'm1', lockedBy: null });
  expect(doc.sentAt!.getTime()).toBe(clock.now().getTime());
  // Never sent again, however long we keep draining.
  clock.advance(7 * 24 * 3_600_000);
  expect(await drainOutbox(options)).toBe(0);
  expect(server.requests).toBe(3);
  expect(server.delivered).toEqual([{ id, body: { type: 'text', text: 'hello' } }]);
});

test('RetryLaterError waits exactly retryAfterMs', async () => {
  unregister = registerOutboundSender('wecom', httpSender(server.url));
  const clock = createManualClock(T0);
  server.script.push({ status: 429, headers: { 'retry-after': '30' }, body: { error: 'api freq out of limit' } });
  const id = await enqueueOutbound(message('later'), { now: clock.now });
  await drainOutbox({ now: clock.now, logger });
  const doc = (await OutboxMessage.findById(id).lean())!;
  expect(doc.status).toBe('pending');
  expect(doc.nextAttemptAt.getTime() - T0.getTime()).toBe(30_000);
  clock.advance(29_999);
  expect(await drainOutbox({ now: clock.now, logger })).toBe(0);
  clock.advance(1);
  expect(await drainOutbox({ now: clock.now, logger })).toBe(1);
  expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'sent', attempts: 2 });
  expect(server.delivered).toHaveLength(1);
});

describe('dead messages', () => {
  test('a permanent error is dead at once; retry after fixing delivers it', async () => {
    unregister = registerOutboundSender('wecom', httpSender(server.url));
    server.script.push({ status: 400, body: { error: 'invalid touser' } });
    const id = await enqueueOutbound(message('to nobody'));
    await drainOutbox({ logger });
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 1, lastError: 'PermanentSendError: rejected: invalid touser' });
    expect(await drainOutbox({ logger })).toBe(0);

    expect((await listOutboxMessages('t1', { status: 'dead' })).items.map((m) => m.id)).toEqual([id]);
    await retryOutboxMessage('t1', id);
    expect(await drainOutbox({ logger })).toBe(1);
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(server.delivered.map((d) => d.id)).toEqual([id]);
    // A sent message cannot be "retried" into a second delivery.
    await expect(retryOutboxMessage('t1', id)).rejects.toBeInstanceOf(Conflict);
    await expect(retryOutboxMessage('t2', id)).rejects.toBeInstanceOf(NotFound);
  });

  test('after maxAttempts transient failures the message is dead', async () => {
    unregister = registerOutboundSender('wecom', httpSender(server.url));
    server.script.push(...Array.from({ length: 10 }, () => ({ status: 500 })));
    const id = await enqueueOutbound(message('doomed'));
    await drainOutbox({ maxAttempts: 3, backoff: { baseMs: 0, maxMs: 0 }, logger });
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 3 });
    expect(server.requests).toBe(3);
    expect(server.delivered).toHaveLength(0);
  });

  test('no sender registered for the platform: retried, then dead, with a clear error', async () => {
    const id = await enqueueOutbound(message('nobody home', { platform: 'dingtalk' }));
    await drainOutbox({ maxAttempts: 2, backoff: { baseMs: 0, maxMs: 0 }, logger });
    expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'dead', attempts: 2, lastError: 'no outbound sender registered for dingtalk' });
  });
});

test('a message left in sending by a dead worker is sent after its lock expires', async () => {
  unregister = registerOutboundSender('wecom', httpSender(server.url));
  const clock = createManualClock(T0);
  const id = await enqueueOutbound(message('orphan'), { now: clock.now });
  // What a worker killed mid-send leaves behind:
  await OutboxMessage.updateOne({ _id: id }, { $set: { status: 'sending', attempts: 1, lockedBy: 'dead-host:1#x', lockedUntil: new Date(T0.getTime() + 60_000) } });
  expect(await drainOutbox({ now: clock.now, logger })).toBe(0);
  clock.advance(60_000);
  expect(await drainOutbox({ now: clock.now, logger })).toBe(1);
  expect(await OutboxMessage.findById(id).lean()).toMatchObject({ status: 'sent', attempts: 2 });
  expect(server.delivered).toHaveLength(1);
});

test('a message not yet due is not sent', async () => {
  unregister = registerOutboundSender('wecom', httpSender(server.url));
  const clock = createManualClock(T0);
  await enqueueOutbound(message('reminder'), { notBefore: new Date(T0.getTime() + 3_600_000) });
  expect(await processOutboxOnce({ now: clock.now, logger })).toBe(false);
  clock.advance(3_600_000);
  expect(await processOutboxOnce({ now: clock.now, logger })).toBe(true);
  expect(server.delivered).toHaveLength(1);
});

test('two workers (4 loops each) deliver 120 messages exactly once each; enqueue wakes them', async () => {
  unregister = registerOutboundSender('wecom', httpSender(server.url));
  const workers = [
    startOutboxWorker({ concurrency: 4, pollMs: 60_000, workerId: 'w1', logger }),
    startOutboxWorker({ concurrency: 4, pollMs: 60_000, workerId: 'w2', logger }),
  ];
  try {
    const ids = await Promise.all(Array.from({ length: 120 }, (_, i) => enqueueOutbound(message(`n${i}`))));
    const deadline = Date.now() + 20_000;
    // pollMs is a minute: only the in-process wake signal can make this finish in time.
    while (Date.now() < deadline && (await OutboxMessage.countDocuments({ status: 'sent' })) < ids.length) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await OutboxMessage.countDocuments({ status: 'sent', attempts: 1 })).toBe(120);
    expect(server.delivered).toHaveLength(120);
    expect(new Set(server.delivered.map((d) => d.id))).toEqual(new Set(ids));
    const providerIds = (await OutboxMessage.find({}).lean()).map((d) => d.providerMessageId);
    expect(new Set(providerIds).size).toBe(120);
    expect(providerIds.every((p) => typeof p === 'string')).toBe(true);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
});
