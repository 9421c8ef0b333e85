import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inject } from 'vitest';
import { prepareCollections } from '../../src/db/connect.js';
import { DURABLE_WRITE } from '../../src/db/durable-write.js';
import { acceptInboundEvent } from '../../src/queue/inbox/accept-inbound-event.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { insertInboxBatch } from '../../src/queue/inbox/insert-inbox-batch.js';
import { enqueueOutbound } from '../../src/queue/outbox/enqueue-outbound.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { makeEvent } from '../support/make-inbound-event.js';

// With MONGODB_URI the inserts the service acknowledges must ask for { w: 'majority', j: true }:
// watch the commands the driver really sends.

type Sent = { commandName: string; collection: unknown; writeConcern: unknown };
const sent: Sent[] = [];

beforeAll(async () => {
  await mongoose.connect(inject('mongoUri'), {
    dbName: `t_${randomBytes(6).toString('hex')}`,
    monitorCommands: true,
    autoIndex: false,
    autoCreate: false,
  });
  await prepareCollections();
  mongoose.connection.getClient().on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    sent.push({ commandName: event.commandName, collection: command[event.commandName], writeConcern: command.writeConcern });
  });
});
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => {});
  await mongoose.disconnect();
});

const insertsInto = (collection: string) => sent.filter((s) => s.commandName === 'insert' && s.collection === collection);

test('an accepted inbound event is inserted with the durable write concern', async () => {
  const result = await acceptInboundEvent(makeEvent());
  expect(result.duplicate).toBe(false);
  const inserts = insertsInto(InboxEvent.collection.collectionName);
  expect(inserts).toHaveLength(1);
  expect(inserts[0]!.writeConcern).toEqual(DURABLE_WRITE);
});

test('an enqueued outbound message is inserted with the durable write concern', async () => {
  await enqueueOutbound({ tenantId: 't1', platform: 'wecom', to: { type: 'user', platformUserId: 'zhangsan' }, body: { type: 'text', text: 'hi' } });
  const inserts = insertsInto(OutboxMessage.collection.collectionName);
  expect(inserts).toHaveLength(1);
  expect(inserts[0]!.writeConcern).toEqual(DURABLE_WRITE);
  expect(await OutboxMessage.countDocuments()).toBe(1);
});

test('a batch of accepted inbound events is one insert with the durable write concern', async () => {
  const before = insertsInto(InboxEvent.collection.collectionName).length;
  const outcomes = await insertInboxBatch([makeEvent(), makeEvent(), makeEvent()]);
  expect(outcomes.every((o) => o.ok && !o.result.duplicate)).toBe(true);
  const inserts = insertsInto(InboxEvent.collection.collectionName).slice(before);
  expect(inserts).toHaveLength(1);
  expect(inserts[0]!.writeConcern).toEqual(DURABLE_WRITE);
});
