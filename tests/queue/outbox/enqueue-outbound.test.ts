import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { InvalidInput } from '../../../src/errors.js';
import { enqueueOutbound } from '../../../src/queue/outbox/enqueue-outbound.js';
import { OutboxMessage } from '../../../src/queue/outbox/outbox-message-model.js';
import type { OutboundMessage } from '../../../src/messaging/outbound-message.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  tenantId: 't1',
  platform: 'wecom',
  to: { type: 'user', platformUserId: 'zhangsan' },
  body: { type: 'text', text: '你好' },
  ...overrides,
});

test('enqueueing the same dedupeKey three times stores one message and returns its id', async () => {
  const ids = [
    await enqueueOutbound(message({ dedupeKey: 'digest:zhangsan:2025-03-01' })),
    await enqueueOutbound(message({ dedupeKey: 'digest:zhangsan:2025-03-01' })),
    await enqueueOutbound(message({ dedupeKey: 'digest:zhangsan:2025-03-01', body: { type: 'text', text: 'changed' } })),
  ];
  expect(new Set(ids).size).toBe(1);
  const stored = await OutboxMessage.find({ dedupeKey: 'digest:zhangsan:2025-03-01' }).lean();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ status: 'pending', attempts: 0, body: { type: 'text', text: '你好' } });
});

test('concurrent enqueues of one key store one message', async () => {
  const ids = await Promise.all(Array.from({ length: 10 }, () => enqueueOutbound(message({ dedupeKey: 'burst' }))));
  expect(new Set(ids).size).toBe(1);
  expect(await OutboxMessage.countDocuments({ dedupeKey: 'burst' })).toBe(1);
});

test('messages without a dedupeKey are all kept (generated unique keys)', async () => {
  const a = await enqueueOutbound(message());
  const b = await enqueueOutbound(message());
  expect(a).not.toBe(b);
  const docs = await OutboxMessage.find({ _id: mongoose.trusted({ $in: [a, b] }) }).lean();
  expect(docs.map((d) => d.dedupeKey).sort()).toEqual([`auto:${a}`, `auto:${b}`].sort());
});

test('the same key in another tenant is another message', async () => {
  const a = await enqueueOutbound(message({ dedupeKey: 'same' }));
  const b = await enqueueOutbound(message({ tenantId: 't2', dedupeKey: 'same' }));
  expect(a).not.toBe(b);
});

test('notBefore sets when it is first due; extra optional fields survive', async () => {
  const notBefore = new Date('2030-01-01T00:00:00Z');
  const id = await enqueueOutbound(
    message({ to: { type: 'session_webhook', url: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', expiresAt: '2030-01-01T00:00:00Z', futureField: 1 } as never }),
    { notBefore },
  );
  const doc = (await OutboxMessage.findById(id).lean())!;
  expect(doc.nextAttemptAt.toISOString()).toBe(notBefore.toISOString());
  expect(doc.to).toMatchObject({ type: 'session_webhook', futureField: 1 });
});

test('malformed messages are rejected with InvalidInput and nothing is stored', async () => {
  const before = await OutboxMessage.countDocuments();
  const bad: unknown[] = [
    message({ tenantId: '' }),
    message({ platform: 'fax' as never }),
    message({ to: { type: 'user' } as never }),
    message({ body: { type: 'text', text: '' } }),
    message({ body: { type: 'card', card: { title: 'x' } } as never }),
    message({ to: { type: 'session_webhook', url: 'javascript:alert(1)', expiresAt: 'x' } }),
    message({ dedupeKey: 'auto:0123' }),
  ];
  for (const m of bad) await expect(enqueueOutbound(m as OutboundMessage)).rejects.toBeInstanceOf(InvalidInput);
  await expect(enqueueOutbound(message(), { notBefore: new Date('nope') })).rejects.toBeInstanceOf(InvalidInput);
  expect(await OutboxMessage.countDocuments()).toBe(before);
});
