import { parse } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { funnelStatistics } from '../../src/crm/analytics/funnel-statistics.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Staff } from '../../src/crm/models/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string; // sales
let bob: string; // sales
let admin: string;

/** A customer whose timeline is moved to chosen instants: [stage, instant] pairs, the first one its creation. */
async function customer(token: string, name: string, steps: [string, string][]): Promise<void> {
  const created = await app.request('POST', '/api/customers', { token, body: { name, stage: steps[0]![0] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const customerId = new Types.ObjectId(created.body.id as string);
  await Activity.updateOne({ customerId, type: 'created' }, { $set: { at: new Date(steps[0]![1]) } });
  for (const [stage, at] of steps.slice(1)) {
    expect((await app.request('PATCH', `/api/customers/${created.body.id}`, { token, body: { stage } })).status).toBe(200);
    await Activity.updateOne({ customerId, type: 'stage_changed', 'data.to': stage }, { $set: { at: new Date(at) } });
  }
}
const funnel = async (token: string, from: string, to: string) => {
  const res = await app.request('GET', `/api/stats/funnel?from=${from}&to=${to}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.stages.map((s: { key: string; reached: number; conversion: number | null; medianDays: number | null; stays: number }) => [s.key, s.reached, s.conversion, s.medianDays, s.stays]);
};

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  admin = await app.login('root', 'admin');
  // Asia/Shanghai is UTC+8. Days in a stage: c1 lead 2, intent 5, negotiating 1.5; c2 lead 4 (then
  // jumps to won, passing intent and negotiating); c3 lead 10 (created in February), intent 2, then lost.
  await customer(alice, 'c1', [['lead', '2026-03-01T02:00:00Z'], ['intent', '2026-03-03T02:00:00Z'], ['negotiating', '2026-03-08T02:00:00Z'], ['won', '2026-03-09T14:00:00Z']]);
  await customer(alice, 'c2', [['lead', '2026-03-02T02:00:00Z'], ['won', '2026-03-06T02:00:00Z']]);
  await customer(bob, 'c3', [['lead', '2026-02-20T02:00:00Z'], ['intent', '2026-03-02T02:00:00Z'], ['lost', '2026-03-04T02:00:00Z']]);
  // 16:30Z on the last day of February is 00:30 on 1 March; on 31 March it is already 1 April.
  await customer(bob, 'c4', [['lead', '2026-02-28T16:30:00Z']]);
  await customer(bob, 'c5', [['lead', '2026-03-31T16:30:00Z']]);
  await customer(alice, 'c6', [['lead', '2026-03-10T02:00:00Z'], ['intent', '2026-03-31T16:30:00Z']]);
}, 60_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('the funnel of a month: customers reaching each stage, conversion, median days, on local days', async () => {
  // Furthest stage in March: c1 won, c2 won, c3 intent, c4 lead, c6 lead (its move is on 1 April local); c5 is April's.
  expect(await funnel(admin, '2026-03-01', '2026-03-31')).toEqual([
    ['lead', 5, 0.6, 4, 3], // stays ended in March: 2, 4, 10 days
    ['intent', 3, 0.6667, 3.5, 2], // 5 and 2 days
    ['negotiating', 2, 1, 1.5, 1],
    ['won', 2, null, null, 0],
  ]);
  // April: c5 created, c6 moved on after 21 days 14.5 hours in lead.
  expect(await funnel(admin, '2026-04-01', '2026-04-30')).toEqual([
    ['lead', 2, 0.5, 21.6, 1],
    ['intent', 1, 0, null, 0],
    ['negotiating', 0, null, null, 0],
    ['won', 0, null, null, 0],
  ]);
  // One day: c4 (created 00:30 local on 1 March) and c1; nothing of the evening before.
  expect((await funnel(admin, '2026-03-01', '2026-03-01'))[0]).toEqual(['lead', 2, 0, null, 0]);
});

test('the funnel stays in the caller’s scope, refuses bad periods and exports', async () => {
  expect(await funnel(bob, '2026-03-01', '2026-03-31')).toEqual([
    ['lead', 2, 0.5, 10, 1],
    ['intent', 1, 0, 2, 1],
    ['negotiating', 0, null, null, 0],
    ['won', 0, null, null, 0],
  ]);
  expect((await funnel(alice, '2026-03-01', '2026-03-31')).map((s: unknown[]) => s[1])).toEqual([3, 2, 2, 2]);
  const bad = await app.request('GET', '/api/stats/funnel?from=2026-03-31&to=2026-03-01', { token: admin });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/to/);
  expect((await app.request('GET', '/api/stats/funnel?from=2026-03-01&to=2026-03-31&stage[$ne]=x', { token: admin })).status).toBe(400);

  const response = await fetch(`${app.baseUrl}/api/stats/funnel?from=2026-03-01&to=2026-03-31&format=csv`, { headers: { authorization: `Bearer ${admin}` } });
  expect(response.status).toBe(200);
  const rows = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][];
  expect(rows).toEqual([
    ['阶段', '代码', '到达客户', '转化到下一阶段', '停留天数中位数', '已结束停留'],
    ['潜在', 'lead', '5', '0.6', '4', '3'],
    ['意向', 'intent', '3', '0.6667', '3.5', '2'],
    ['谈判', 'negotiating', '2', '1', '1.5', '1'],
    ['成交', 'won', '2', '', '', '0'],
  ]);
  const xlsx = await fetch(`${app.baseUrl}/api/stats/funnel?from=2026-03-01&to=2026-03-31&format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
});

test('an actor who may see no customer gets an empty funnel', async () => {
  const { tenantId } = (await Staff.findOne({ userId: 'alice' }).lean())!;
  const nobody = await funnelStatistics({ tenantId, staffId: null, role: 'sales', departments: [], source: 'api' }, { from: '2026-03-01', to: '2026-03-31' });
  expect(nobody.stages.map((s) => [s.reached, s.stays])).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
});
