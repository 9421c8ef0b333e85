import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ticket } from '../../src/crm/models/ticket.js';
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

test('merging customers moves the merged one’s tickets to the survivor; undo moves them back', async () => {
  const req = (method: string, path: string, body?: unknown) => app.request(method, path, { token: alice, body });
  const survivorId = (await req('POST', '/api/customers', { name: '李四', phones: ['13700137000'] })).body.id;
  const mergedId = (await req('POST', '/api/customers', { name: '李四（重复）', phones: ['13700137001'] })).body.id;
  const ticket = await req('POST', '/api/tickets', { customerId: mergedId, title: '设备异响' });
  expect(ticket.status).toBe(201);

  const merged = await req('POST', '/api/merges', { survivorId, mergedId });
  expect(merged.status).toBe(201);
  expect(merged.body.moved).toMatchObject({ tickets: 1 });
  expect(String((await Ticket.findById(ticket.body.id).lean())!.customerId)).toBe(survivorId);
  const open = await req('GET', `/api/customers/${survivorId}/open-tickets`);
  expect(open.body.items.map((t: { number: string }) => t.number)).toEqual(['T-0001']);

  expect((await req('POST', `/api/merges/${merged.body.mergeId}/undo`)).status).toBe(200);
  expect(String((await Ticket.findById(ticket.body.id).lean())!.customerId)).toBe(mergedId);
  expect((await req('GET', `/api/customers/${survivorId}/open-tickets`)).body.items).toEqual([]);
});
