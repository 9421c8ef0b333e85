import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { Types } from 'mongoose';
import type { DomainEvent } from '../../../src/features/domain-events/domain-event-subscribers.js';
import { relayActivities } from '../../../src/features/domain-events/relay-activities.js';
import { Activity } from '../../../src/crm/models/activity.js';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let other: TestApp;
let alice: string;
const seen: DomainEvent[] = [];
const seenByOther: DomainEvent[] = [];

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  // A second service on the same database: both relay, each fact reaches its subscriber once.
  other = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  for (const [service, sink] of [[app, seen], [other, seenByOther]] as const) {
    service.service.deps.domainEvents.subscribe({
      name: 'probe',
      types: ['created', 'follow_up', 'deal_created', 'deal_won', 'contract_signed', 'payment_recorded'],
      handle: async (event) => void sink.push(event),
    });
  }
});
afterAll(async () => {
  await app.close();
  await other.close();
  await db.drop();
});
beforeEach(() => {
  seen.length = 0;
  seenByOther.length = 0;
});

const relayAll = async (service: TestApp) => {
  while ((await relayActivities(service.service.deps.inbox, service.service.deps.domainEvents, { batch: 3 })) > 0);
};
const drainAll = async () => {
  await app.service.deps.inbox.drain();
  await other.service.deps.inbox.drain();
};

test('recorded facts reach a subscriber through the inbox once, in order, with their data', async () => {
  const customer = (await app.request('POST', '/api/customers', { token: alice, body: { name: '事件客户' } })).body;
  await app.request('POST', `/api/customers/${customer.id}/follow-ups`, { token: alice, body: { channel: 'phone', content: '电话沟通', nextFollowUp: 'none' } });
  const deal = (await app.request('POST', '/api/deals', { token: alice, body: { customerId: customer.id, title: '年度维保', amount: 500_000 } })).body;
  const won = await app.request('PATCH', `/api/deals/${deal.id}`, { token: alice, body: { version: deal.version, stage: '赢单' } });
  expect(won.status).toBe(200);
  const contract = (await app.request('POST', '/api/contracts', { token: alice, body: { customerId: customer.id, title: '维保合同', amount: 500_000 } })).body;
  expect((await app.request('POST', `/api/contracts/${contract.id}/status`, { token: alice, body: { status: 'signed' } })).status).toBe(200);
  expect((await app.request('POST', `/api/contracts/${contract.id}/payments`, { token: alice, body: { amount: 200_000, receivedDate: '2026-01-05' } })).status).toBe(201);

  await Promise.all([relayAll(app), relayAll(other)]);
  await drainAll();
  const all = [...seen, ...seenByOther];
  const types = all.map((e) => e.activity.type);
  expect(types.filter((t) => t === 'follow_up')).toHaveLength(1);
  expect(new Set(types)).toEqual(new Set(['created', 'follow_up', 'deal_created', 'deal_won', 'contract_signed', 'payment_recorded']));
  expect(all).toHaveLength(6);
  expect(all.find((e) => e.activity.type === 'deal_won')?.activity).toMatchObject({ customerId: customer.id, data: { dealId: deal.id, amount: 500_000, to: 'won' } });
  expect(all.find((e) => e.activity.type === 'payment_recorded')?.activity.data).toMatchObject({ amount: 200_000, receivedDate: '2026-01-05' });
  expect(await Activity.countDocuments({ relayed: false })).toBe(0);
  // Stage moves and other types nobody subscribed to are marked relayed without queuing anything.
  expect(await InboxEvent.countDocuments({ kind: 'domain.event', 'payload.subscriber': 'probe' })).toBe(6);
});

test('a repeat relay (crash between accept and mark) queues nothing twice', async () => {
  const customer = (await app.request('POST', '/api/customers', { token: alice, body: { name: '重放客户' } })).body;
  await relayAll(app);
  await Activity.updateMany({ customerId: new Types.ObjectId(customer.id) }, { $set: { relayed: false } });
  await relayAll(app);
  await drainAll();
  expect(seen.filter((e) => e.activity.customerId === customer.id).map((e) => e.activity.type)).toEqual(['created']);
});

test('activities recorded before the relay existed are not replayed', async () => {
  const customerId = new Types.ObjectId();
  await Activity.collection.insertOne({ tenantId: new Types.ObjectId(), customerId, type: 'follow_up', at: new Date(), source: 'api', data: {}, dedupeKey: 'legacy-1' });
  await relayAll(app);
  await drainAll();
  expect(seen.some((e) => e.activity.customerId === customerId.toHexString())).toBe(false);
});

test('a failing subscriber is retried alone; the others are not held back', async () => {
  let failures = 1;
  const delivered: DomainEvent[] = [];
  const unsubscribe = app.service.deps.domainEvents.subscribe({
    name: 'flaky',
    types: ['follow_up'],
    handle: async (event) => {
      if (failures-- > 0) throw new Error('transient');
      delivered.push(event);
    },
  });
  try {
    const customer = (await app.request('POST', '/api/customers', { token: alice, body: { name: '重试客户' } })).body;
    await app.request('POST', `/api/customers/${customer.id}/follow-ups`, { token: alice, body: { channel: 'wechat', content: '微信', nextFollowUp: 'none' } });
    await relayAll(app);
    await app.service.deps.inbox.drain();
    expect(seen.filter((e) => e.activity.customerId === customer.id).map((e) => e.activity.type).sort()).toEqual(['created', 'follow_up']);
    expect(delivered).toHaveLength(0);
    // The retry is due after its backoff.
    await app.service.deps.inbox.drain({ now: () => new Date(Date.now() + 3_600_000) });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.attempts).toBe(2);
  } finally {
    unsubscribe();
  }
});
