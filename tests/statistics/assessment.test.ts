import { parse } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { Staff } from '../../src/crm/models/staff.js';
import { SurveyResponse } from '../../src/crm/surveys/survey-response-model.js';
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

const KPIS = [
  { name: '跟进', category: '过程', metric: 'followUps', target: 4, weight: 40, baseScore: 60 },
  { name: '新客户', category: '结果', metric: 'newCustomers', target: 2, weight: 60, baseScore: 50 },
];

/** A customer created at a chosen instant, with follow-ups at chosen instants (moved before they are counted). */
async function customer(token: string, name: string, createdAt: string, followUps: string[]): Promise<void> {
  const created = await app.request('POST', '/api/customers', { token, body: { name } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await Activity.updateOne({ customerId: new Types.ObjectId(created.body.id as string), type: 'created' }, { $set: { at: new Date(createdAt) } });
  for (const at of followUps) {
    const res = await app.request('POST', `/api/customers/${created.body.id}/follow-ups`, { token, body: { channel: 'phone', content: at, nextFollowUp: 'none' } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    await Activity.updateOne({ _id: new Types.ObjectId(res.body.activity?.id ?? res.body.id) }, { $set: { at: new Date(at) } });
  }
}
const assess = async (token: string, period: string) => {
  const res = await app.request('GET', `/api/stats/assessment?period=${period}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
type Assessed = Record<string, unknown> & { name: string; kpis: { actual: number }[] };
const person = (body: { people: Assessed[] }, name: string) => body.people.find((p) => p.name === name)!;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  dave = await app.login('dave', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  carol = await app.login('carol', 'manager', ['east']);
  admin = await app.login('root', 'admin');
  await Staff.updateOne({ userId: 'alice' }, { $set: { name: 'Alice' } });
  // February 2026 in Asia/Shanghai (UTC+8): alice 6 follow-ups and 1 new customer; dave 1 and 2;
  // bob's customer was created at 23:30 on 31 January local, his follow-ups at 00:30 on 1 February
  // (counts), mid-February (counts) and 00:30 on 1 March (does not).
  await customer(alice, 'a1', '2026-02-10T02:00:00Z', ['2026-02-10T03:00:00Z', '2026-02-11T03:00:00Z', '2026-02-12T03:00:00Z', '2026-02-13T03:00:00Z', '2026-02-14T03:00:00Z', '2026-02-15T03:00:00Z']);
  await customer(dave, 'd1', '2026-02-03T02:00:00Z', ['2026-02-04T02:00:00Z']);
  await customer(dave, 'd2', '2026-02-27T15:00:00Z', []);
  await customer(bob, 'b1', '2026-01-31T15:30:00Z', ['2026-01-31T16:30:00Z', '2026-02-14T02:00:00Z', '2026-02-28T16:30:00Z']);
  await deliverDomainEvents(app);
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('admins define the KPI set; weights must sum to 100 and nothing is written on bad input', async () => {
  expect((await app.request('GET', '/api/admin/assessment/kpis', { token: admin })).body).toEqual({ items: [] });
  expect((await app.request('PUT', '/api/admin/assessment/kpis', { token: carol, body: { kpis: KPIS } })).status).toBe(403);
  const saved = await app.request('PUT', '/api/admin/assessment/kpis', { token: admin, body: { kpis: KPIS } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(saved.body.items).toEqual(KPIS);

  const light = await app.request('PUT', '/api/admin/assessment/kpis', { token: admin, body: { kpis: [{ ...KPIS[0], weight: 30 }, KPIS[1]] } });
  expect(light.status).toBe(400);
  expect(light.body.error.message).toMatch(/kpis: weights must sum to 100 \(they sum to 90\)/);
  const unknown = await app.request('PUT', '/api/admin/assessment/kpis', { token: admin, body: { kpis: [{ ...KPIS[0], metric: '$where' }, KPIS[1]] } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.message).toMatch(/kpis\.0\.metric/);
  const twice = await app.request('PUT', '/api/admin/assessment/kpis', { token: admin, body: { kpis: [KPIS[0], { ...KPIS[1], name: '跟进' }] } });
  expect(twice.body.error.message).toMatch(/kpis\.1\.name/);
  expect((await app.request('PUT', '/api/admin/assessment/kpis', { token: admin, body: { kpis: [] } })).status).toBe(400);
  expect((await app.request('GET', '/api/admin/assessment/kpis', { token: admin })).body.items).toEqual(KPIS);
  expect((await app.request('GET', '/api/admin/assessment/kpis', { token: alice })).status).toBe(403);
});

test('each person’s KPI scores, capped, weighted against the base total and the department average', async () => {
  const body = await assess(admin, '2026-02');
  expect(body).toMatchObject({ period: '2026-02', from: '2026-02-01', to: '2026-02-28', scoreCap: 120, baseTotal: 54 }); // 60×40% + 50×60%
  // Alice: 6 of 4 follow-ups = 150 → capped at 120; 1 of 2 new customers = 50 → 120×0.4 + 50×0.6 = 78.
  expect(person(body, 'Alice')).toMatchObject({
    kpis: [
      { name: '跟进', metric: 'followUps', actual: 6, score: 120, passed: true },
      { name: '新客户', metric: 'newCustomers', actual: 1, score: 50, passed: true },
    ],
    total: 78,
    difference: 24,
    passed: true,
  });
  // Dave: 1/4 = 25, 2/2 = 100 → 10 + 60 = 70. Carol: nothing. East average (78 + 70 + 0) / 3.
  expect(person(body, 'dave')).toMatchObject({ total: 70, difference: 16, passed: true, departmentAverage: 49.3 });
  expect(person(body, 'dave').kpis[0]).toMatchObject({ actual: 1, score: 25, passed: false });
  expect(person(body, 'carol')).toMatchObject({ total: 0, difference: -54, passed: false, departmentAverage: 49.3 });
  expect(person(body, 'Alice').departmentAverage).toBe(49.3);
  // Bob: 2 follow-ups on local February days = 50 → 20; his customer is January's → 0.
  expect(person(body, 'bob')).toMatchObject({ total: 20, difference: -34, passed: false, departmentAverage: 20 });
  expect(person(body, 'bob').kpis.map((k) => k.actual)).toEqual([2, 0]);
  expect(person(body, 'root').departmentAverage).toBeNull();
  expect(body.departments).toEqual([
    { name: 'east', members: 3, averageTotal: 49.3 },
    { name: 'west', members: 1, averageTotal: 20 },
  ]);
  // January: bob's customer (23:30 on the 31st) is the only figure: 1/2 = 50 → 30.
  expect(person(await assess(admin, '2026-01'), 'bob')).toMatchObject({ total: 30, kpis: [{ actual: 0 }, { actual: 1, score: 50 }] });
});

test('assessment scope, bad periods and export', async () => {
  const own = await assess(alice, '2026-02');
  expect(own.people.map((p: { name: string }) => p.name)).toEqual(['Alice']);
  expect(own.people[0].departmentAverage).toBe(49.3);
  expect((await assess(carol, '2026-02')).people.map((p: { name: string }) => p.name).sort()).toEqual(['Alice', 'carol', 'dave']);
  const bad = await app.request('GET', '/api/stats/assessment?period=2026-13', { token: admin });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/period/);

  const response = await fetch(`${app.baseUrl}/api/stats/assessment?period=2026-02&format=csv`, { headers: { authorization: `Bearer ${carol}` } });
  expect(response.status).toBe(200);
  const rows = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][];
  expect(rows[0]).toEqual(['员工', '部门', '跟进实际', '跟进得分', '新客户实际', '新客户得分', '总分', '基准分', '差值', '部门平均']);
  expect(rows.find((r) => r[0] === 'Alice')).toEqual(['Alice', 'east', '6', '120', '1', '50', '78', '54', '24', '49.3']);
  expect(rows).toHaveLength(4);
});

test('a satisfaction KPI scores the month’s survey average of the person’s work', async () => {
  const { serviceTemplate } = await import('../surveys/survey-fixtures.js');
  expect((await app.request('POST', '/api/surveys/templates', { token: admin, body: serviceTemplate })).status).toBe(201);
  const a1 = (await app.request('GET', `/api/customers?q=a1`, { token: alice })).body.items[0];
  // speed weighs 2, quality 1: (5×2 + 2) / 3 = 4 in February; March's 1s do not count.
  for (const [speed, quality, at] of [[5, 2, '2026-02-20T02:00:00Z'], [1, 1, '2026-02-28T16:30:00Z']] as const) {
    const res = await app.request('POST', '/api/surveys/responses', { token: alice, body: { customerId: a1.id, templateKey: 'service', answers: { speed, quality, nps: 8 } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await SurveyResponse.updateOne({ _id: new Types.ObjectId(res.body.id as string) }, { $set: { submittedAt: new Date(at) } });
  }
  const kpis = [{ ...KPIS[0], weight: 50 }, { name: '满意度', category: '服务', metric: 'satisfaction', target: 5, weight: 50, baseScore: 60 }];
  expect((await app.request('PUT', '/api/admin/assessment/kpis', { token: admin, body: { kpis } })).status).toBe(200);
  const body = await assess(admin, '2026-02');
  // Alice: 120 × 0.5 + 4/5 → 80 × 0.5 = 100; dave has no answers: 25 × 0.5 + 0 = 12.5.
  expect(person(body, 'Alice')).toMatchObject({ kpis: [{ score: 120 }, { metric: 'satisfaction', actual: 4, score: 80, passed: true }], total: 100 });
  expect(person(body, 'dave')).toMatchObject({ kpis: [{ score: 25 }, { actual: 0, score: 0, passed: false }], total: 12.5 });
  expect(body.baseTotal).toBe(60);
});
