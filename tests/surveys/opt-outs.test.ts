import { afterAll, beforeAll, expect, test } from 'vitest';
import { mayContact } from '../../src/crm/customers/may-contact.js';
import { Customer } from '../../src/crm/models/customer.js';
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

test('do-not-market and do-not-survey are set through the customer PATCH, shown on the view and on the timeline', async () => {
  const created = (await app.request('POST', '/api/customers', { token: alice, body: { name: '退订客户' } })).body;
  expect(created).toMatchObject({ doNotMarket: false, doNotSurvey: false });

  const patched = await app.request('PATCH', `/api/customers/${created.id}`, { token: alice, body: { doNotSurvey: true } });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ doNotMarket: false, doNotSurvey: true });

  const timeline = (await app.request('GET', `/api/customers/${created.id}/activities?type=opt_out_changed`, { token: alice })).body;
  expect(timeline.items).toHaveLength(1);
  expect(timeline.items[0].data).toEqual({ doNotSurvey: { from: false, to: true } });

  // Setting the same value again records nothing new.
  await app.request('PATCH', `/api/customers/${created.id}`, { token: alice, body: { doNotSurvey: true, doNotMarket: true } });
  const again = (await app.request('GET', `/api/customers/${created.id}/activities?type=opt_out_changed`, { token: alice })).body;
  expect(again.items).toHaveLength(2);
  expect(again.items[0].data).toEqual({ doNotMarket: { from: false, to: true } });

  const stored = await Customer.findById(created.id).lean();
  expect(mayContact(stored!, 'survey')).toBe(false);
  expect(mayContact(stored!, 'marketing')).toBe(false);
});

test('a non-boolean opt-out is a 400 naming the field, and nothing changes', async () => {
  const created = (await app.request('POST', '/api/customers', { token: alice, body: { name: '坏输入客户' } })).body;
  const bad = await app.request('PATCH', `/api/customers/${created.id}`, { token: alice, body: { doNotMarket: 'yes' } });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('doNotMarket');
  expect((await Customer.findById(created.id).lean())!.doNotMarket).toBe(false);
});

test('mayContact: service contact rules per purpose, deleted customers never', () => {
  const base = { doNotMarket: false, doNotSurvey: false, deletedAt: null };
  expect(mayContact(base, 'marketing')).toBe(true);
  expect(mayContact({ ...base, doNotMarket: true }, 'survey')).toBe(true);
  expect(mayContact({ ...base, doNotMarket: true }, 'marketing')).toBe(false);
  expect(mayContact({ ...base, deletedAt: new Date() }, 'survey')).toBe(false);
});
