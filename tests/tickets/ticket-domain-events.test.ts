import { afterAll, beforeAll, expect, test } from 'vitest';
import type { DomainEvent } from '../../src/features/domain-events/domain-event-subscribers.js';
import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string;
const seen: DomainEvent[] = [];

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  app.service.deps.domainEvents.subscribe({
    name: 'ticket-probe',
    types: ['ticket_opened', 'ticket_status_changed', 'ticket_commented', 'ticket_updated'],
    handle: async (event) => void seen.push(event),
  });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('ticket changes reach domain-event subscribers (what automation’s "ticket resolved" trigger reads)', async () => {
  const req = (method: string, path: string, body?: unknown) => app.request(method, path, { token: alice, body });
  const customer = (await req('POST', '/api/customers', { name: '事件客户' })).body;
  const ticket = (await req('POST', '/api/tickets', { customerId: customer.id, title: '扫码枪无响应', priority: 'high' })).body;
  await req('POST', `/api/tickets/${ticket.id}/comments`, { content: '已远程排查' });
  await req('PATCH', `/api/tickets/${ticket.id}`, { category: '硬件' });
  expect((await req('POST', `/api/tickets/${ticket.id}/status`, { status: 'resolved', note: '更换数据线' })).status).toBe(200);

  while ((await relayActivities(app.service.deps.inbox, app.service.deps.domainEvents, { batch: 10 })) > 0);
  await app.service.deps.inbox.drain();

  expect(seen.map((e) => e.activity.type)).toEqual(['ticket_opened', 'ticket_commented', 'ticket_updated', 'ticket_status_changed']);
  const resolved = seen[3]!.activity;
  expect(resolved).toMatchObject({
    customerId: customer.id,
    data: { ticketId: ticket.id, number: 'T-0001', from: 'new', to: 'resolved', reopened: false, priority: 'high', note: '更换数据线' },
  });
  expect(seen[2]!.activity.data).toMatchObject({ changed: ['category'] });
});
