import { afterAll, beforeAll, expect, test } from 'vitest';
import { Reminder } from '../../src/crm/models/reminder.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function signedCustomer(name: string, level: string | undefined, signedDate: string | null): Promise<string> {
  const customer = await app.request('POST', '/api/customers', { token: alice, body: { name, ...(level ? { level } : {}) } });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  if (signedDate) {
    const contract = (await app.request('POST', '/api/contracts', { token: alice, body: { customerId: customer.body.id, title: `${name}合同`, amount: 100_000 } })).body;
    expect((await app.request('POST', `/api/contracts/${contract.id}/status`, { token: alice, body: { status: 'signed', signedDate } })).status).toBe(200);
  }
  return customer.body.id as string;
}

test('care cycles are validated, admin-only, and become one reminder per completed cycle for the owner', async () => {
  const put = (token: string, body: unknown) => app.request('PUT', '/api/admin/service/care-cycles', { token, body });
  expect((await put(admin, { cycles: [{ level: 'VIP', everyDays: 30 }, { level: 'VIP', everyDays: 60 }] })).body.error.message).toMatch(/cycles\.1\.level: level "VIP" has two cycles/);
  expect((await put(admin, { cycles: [{ level: 'VIP', everyDays: 0 }] })).status).toBe(400);
  expect((await put(alice, { cycles: [] })).status).toBe(403);
  expect((await put(admin, { cycles: [{ level: 'VIP', everyDays: 30 }] })).status).toBe(200);
  expect((await app.request('GET', '/api/admin/service/care-cycles', { token: admin })).body).toEqual({ cycles: [{ level: 'VIP', everyDays: 30 }] });

  const due = await signedCustomer('老 VIP', 'VIP', '2026-10-01');
  await signedCustomer('新 VIP', 'VIP', '2026-11-20');
  await signedCustomer('未签约 VIP', 'VIP', null);
  await signedCustomer('普通客户', '普通', '2026-01-01');

  const job = app.service.deps.jobs.list().find((j) => j.name === 'reminders')!;
  // 09:00 in Shanghai on 2026-12-03: 63 days after 2026-10-01 → the second 30-day cycle.
  const at = new Date('2026-12-03T01:00:00Z');
  const first = (await job.run({ now: at, instanceId: 'a', stillLeader: async () => true })) as { careRemindersCreated: number };
  const again = (await job.run({ now: new Date(at.getTime() + 60_000), instanceId: 'b', stillLeader: async () => true })) as { careRemindersCreated: number };
  expect([first.careRemindersCreated, again.careRemindersCreated]).toEqual([1, 0]);
  const reminders = await Reminder.find({ origin: 'care_cycle' }).lean();
  expect(reminders.map((r) => [String(r.customerId), r.text])).toEqual([[due, '售后关怀：VIP客户「老 VIP」签约已 60 天，该回访了']]);
});
