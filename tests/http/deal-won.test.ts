import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('a deal moved to 赢单 makes its customer 成交 (timeline names the deal) and offers the contract until one exists', async () => {
  const customer = (await app.request('POST', '/api/customers', { token: alice, body: { name: '赢单客户', stage: 'intent' } })).body;
  const created = await app.request('POST', '/api/deals', { token: alice, body: { customerId: customer.id, title: '年度维保', amount: 8_000_000 } });
  expect(created.status).toBe(201);
  expect(created.body.contractOffer).toBeNull();

  const won = await app.request('PATCH', `/api/deals/${created.body.id}`, { token: alice, body: { version: created.body.version, stage: '赢单' } });
  expect(won.status).toBe(200);
  expect(won.body.contractOffer).toEqual({ dealId: created.body.id, customerId: customer.id, amount: 8_000_000, currency: 'CNY' });
  expect((await app.request('GET', `/api/customers/${customer.id}`, { token: alice })).body.stage).toBe('won');
  const timeline = (await app.request('GET', `/api/customers/${customer.id}/activities`, { token: alice })).body;
  const items = (timeline.items ?? timeline) as { type: string; content?: string; data?: { to?: string } }[];
  expect(items.find((a) => a.type === 'stage_changed')).toMatchObject({ content: '商机「年度维保」赢单', data: { to: 'won' } });

  const contract = await app.request('POST', '/api/contracts', { token: alice, body: { customerId: customer.id, dealId: created.body.id, title: '年度维保合同', amount: 8_000_000 } });
  expect(contract.status).toBe(201);
  expect((await app.request('GET', `/api/deals/${created.body.id}`, { token: alice })).body.contractOffer).toBeNull();
});
