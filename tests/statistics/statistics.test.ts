import { parse } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { Staff } from '../../src/crm/models/staff.js';
import { deliverDomainEvents } from '../support/deliver-domain-events.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string; // sales, east
let dave: string; // sales, east
let bob: string; // sales, west
let carol: string; // manager, east
let admin: string;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function post(token: string, path: string, body: Record<string, unknown>) {
  const res = await app.request('POST', path, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}
/** A follow-up recorded at a chosen instant (moved before it is counted). */
async function followUp(token: string, customerId: string, channel: string, at: string): Promise<void> {
  const res = await post(token, `/api/customers/${customerId}/follow-ups`, { channel, content: `${channel} ${at}`, nextFollowUp: 'none' });
  await Activity.updateOne({ _id: new Types.ObjectId(res.activity?.id ?? res.id) }, { $set: { at: new Date(at) } });
}

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  dave = await app.login('dave', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  carol = await app.login('carol', 'manager', ['east']);
  admin = await app.login('root', 'admin');
  await Staff.updateOne({ userId: 'alice' }, { $set: { name: 'Alice' } });

  const a1 = (await post(alice, '/api/customers', { name: '展会甲', source: '展会' })).id;
  const a2 = (await post(alice, '/api/customers', { name: '展会乙', source: '展会' })).id;
  await post(dave, '/api/customers', { name: '展会丙', source: '展会' });
  await post(dave, '/api/customers', { name: '官网丁', source: '官网' });
  const b1 = (await post(bob, '/api/customers', { name: '无来源' })).id;
  for (const [token, id] of [[alice, a1], [alice, a2], [bob, b1]] as const) {
    expect((await app.request('PATCH', `/api/customers/${id}`, { token, body: { stage: '成交' } })).status).toBe(200);
  }
  // Asia/Shanghai is UTC+8: 2026-01-04T16:30Z is 00:30 on the 5th, 2026-01-05T15:30Z is 23:30 on the 5th,
  // 2026-01-05T16:30Z is already 00:30 on the 6th.
  await followUp(alice, a1, 'phone', '2026-01-04T16:30:00Z');
  await followUp(alice, a1, 'wechat', '2026-01-05T15:30:00Z');
  await followUp(alice, a2, 'phone', '2026-01-05T16:30:00Z');
  await followUp(alice, a2, 'phone', '2026-01-04T15:59:00Z');
  await followUp(bob, b1, 'visit', '2026-01-05T03:00:00Z');
  const deal = await post(alice, '/api/deals', { customerId: a1, title: '年度', amount: 800_000 });
  expect((await app.request('PATCH', `/api/deals/${deal.id}`, { token: alice, body: { version: deal.version, stage: '赢单' } })).status).toBe(200);
  await deliverDomainEvents(app);
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('a rep against their department average, on calendar days of the company time zone', async () => {
  const res = await app.request('GET', '/api/stats/reps?from=2026-01-05&to=2026-01-05', { token: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const rep = (userName: string) => res.body.reps.find((r: { name: string }) => r.name === userName);
  // Alice: 00:30 and 23:30 local on the 5th count; 23:59 on the 4th and 00:30 on the 6th do not.
  expect(rep('Alice').figures.followUps).toBe(2);
  expect(rep('Alice').figures.followUpsByChannel).toEqual({ phone: 1, wechat: 1 });
  expect(rep('bob').figures.followUps).toBe(1);
  // east = alice (2), dave (0), carol (0): average 0.67 follow-ups; west = bob alone.
  expect(rep('Alice').departmentAverage.followUps).toBe(0.67);
  expect(rep('dave').departmentAverage.followUps).toBe(0.67);
  expect(rep('bob').departmentAverage.followUps).toBe(1);
  expect(res.body.departments.map((d: { name: string; members: number }) => [d.name, d.members])).toEqual([['east', 3], ['west', 1]]);

  const now = (await app.request('GET', `/api/stats/reps?from=${today}&to=${today}`, { token: admin })).body;
  const alicesDay = now.reps.find((r: { name: string }) => r.name === 'Alice');
  expect(alicesDay.figures).toMatchObject({ newCustomers: 2, converted: 2, stageMoves: 2, dealsWon: 1, wonAmount: 800_000 });
  expect(alicesDay.departmentAverage).toMatchObject({ newCustomers: 1.33, converted: 0.67, wonAmount: 266_666.67 });
});

test('targets and scope: sales see themselves, managers their departments; bad periods are refused', async () => {
  const aliceId = String((await Staff.findOne({ userId: 'alice' }))!._id);
  expect((await app.request('PUT', '/api/stats/targets', { token: alice, body: { staffId: aliceId, month: '2026-01', wonAmount: 1 } })).status).toBe(403);
  expect((await app.request('PUT', '/api/stats/targets', { token: carol, body: { staffId: aliceId, month: '2026-13', wonAmount: 1 } })).body.error.message).toMatch(/month/);
  expect((await app.request('PUT', '/api/stats/targets', { token: carol, body: { staffId: aliceId, month: '2026-01', wonAmount: 1_000_000, followUps: 20 } })).status).toBe(200);
  const bobId = String((await Staff.findOne({ userId: 'bob' }))!._id);
  expect((await app.request('PUT', '/api/stats/targets', { token: carol, body: { staffId: bobId, month: '2026-01', wonAmount: 1 } })).status).toBe(403);

  const mine = (await app.request('GET', '/api/stats/reps?from=2026-01-01&to=2026-01-31', { token: alice })).body;
  expect(mine.reps.map((r: { name: string }) => r.name)).toEqual(['Alice']);
  expect(mine.reps[0].target).toEqual({ wonAmount: 1_000_000, followUps: 20 });
  const east = (await app.request('GET', '/api/stats/reps?from=2026-01-01&to=2026-01-31', { token: carol })).body;
  expect(east.reps.map((r: { name: string }) => r.name).sort()).toEqual(['Alice', 'carol', 'dave']);
  expect((await app.request('GET', '/api/stats/reps?from=2026-01-31&to=2026-01-01', { token: admin })).body.error.message).toMatch(/to: must not be before from/);
  expect((await app.request('GET', '/api/stats/reps?from=2026-02-30&to=2026-03-01', { token: admin })).status).toBe(400);
});

test('customers and conversion by dimension, in scope, exportable', async () => {
  const all = (await app.request('GET', `/api/stats/customers?dimension=source&from=${today}&to=${today}`, { token: admin })).body;
  expect(all.rows).toEqual([
    { value: '展会', newCustomers: 3, converted: 2, conversionRate: 0.6667 },
    { value: '', newCustomers: 1, converted: 1, conversionRate: 1 },
    { value: '官网', newCustomers: 1, converted: 0, conversionRate: 0 },
  ]);
  const bobs = (await app.request('GET', `/api/stats/customers?dimension=source&from=${today}&to=${today}`, { token: bob })).body;
  expect(bobs.rows).toEqual([{ value: '', newCustomers: 1, converted: 1, conversionRate: 1 }]);
  expect((await app.request('GET', `/api/stats/customers?dimension=$where&from=${today}&to=${today}`, { token: admin })).status).toBe(400);

  const response = await fetch(`${app.baseUrl}/api/stats/reps?from=2026-01-05&to=2026-01-05&format=csv`, { headers: { authorization: `Bearer ${carol}` } });
  expect(response.status).toBe(200);
  const rows = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][];
  expect(rows[0]!.slice(0, 4)).toEqual(['员工', '部门', '口径', '跟进']);
  expect(rows.filter((r) => r[0] === 'Alice').map((r) => [r[2], r[3]])).toEqual([['本人', '2'], ['部门平均', '0.67']]);
});
