import { afterAll, beforeAll, expect, test } from 'vitest';
import { Deal } from '../../src/crm/models/deal.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

type Who = 'alice' | 'bob' | 'carol' | 'walt' | 'root';
const people: Record<Who, { role: 'sales' | 'manager' | 'admin'; departments: string[] }> = {
  alice: { role: 'sales', departments: ['east'] },
  bob: { role: 'sales', departments: ['west'] },
  carol: { role: 'manager', departments: ['east'] },
  walt: { role: 'manager', departments: ['west'] },
  root: { role: 'admin', departments: [] },
};

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token = {} as Record<Who, string>;
const staffId = {} as Record<Who, string>;
/** Friday 2026-11-20 12:00 in Shanghai: the month is 2026-11, the quarter 2026-Q4 (10-01 … 12-31). */
const AT = '2026-11-20T04:00:00Z';

const req = (who: Who, path: string) => app.request('GET', path, { token: token[who] });

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  for (const [who, p] of Object.entries(people) as [Who, (typeof people)[Who]][]) {
    token[who] = await app.login(`fc-${who}`, p.role, p.departments, 'forecast-co');
    staffId[who] = (await app.request('GET', '/api/me', { token: token[who] })).body.staff.id;
  }
  const customer = async (owner: Who, name: string) =>
    (await app.request('POST', '/api/customers', { token: token.root, body: { name, ownerId: staffId[owner] } })).body.id as string;
  const east = await customer('alice', '东区预测客户');
  const west = await customer('bob', '西区预测客户');
  const deal = async (owner: Who, customerId: string, body: Record<string, unknown>, closedAt?: string) => {
    const res = await app.request('POST', '/api/deals', { token: token.root, body: { customerId, ownerId: staffId[owner], ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    if (closedAt) await Deal.updateOne({ _id: res.body.id }, { $set: { closedAt: new Date(closedAt) } });
  };
  // alice (east)
  await deal('alice', east, { title: 'A1', amount: 10_000_000, stage: 'negotiation', expectedCloseDate: '2026-11-25' }); // 70 %: commit
  await deal('alice', east, { title: 'A2', amount: 3_333_333, stage: 'proposal', expectedCloseDate: '2026-11-30' }); // 50 %
  await deal('alice', east, { title: 'A3', amount: 5_000_000, stage: 'needs', probability: 75, expectedCloseDate: '2026-12-01' }); // quarter only, commit by override
  await deal('alice', east, { title: 'A4', amount: 2_000_000, stage: 'initial', expectedCloseDate: '2027-01-05' }); // next quarter
  await deal('alice', east, { title: 'A5', amount: 8_000_000, stage: 'won' }, '2026-10-31T16:30:00Z'); // 11-01 00:30 in Shanghai
  await deal('alice', east, { title: 'A6', amount: 4_000_000, stage: 'lost', lostReason: '价格太高' }, '2026-11-10T02:00:00Z');
  await deal('alice', east, { title: 'A7', amount: 1_000_000, currency: 'USD', stage: 'proposal', expectedCloseDate: '2026-11-28' });
  await deal('alice', east, { title: 'A8', amount: 9_000_000, stage: 'negotiation', expectedCloseDate: '2026-09-30' }); // last quarter
  // bob (west)
  await deal('bob', west, { title: 'B1', amount: 20_000_000, stage: 'negotiation', expectedCloseDate: '2026-11-15' });
  await deal('bob', west, { title: 'B2', amount: 1_000_000, stage: 'won' }, '2026-10-10T02:00:00Z');
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

// Hand-computed:
// alice, month:   A1 + A2 → pipeline 13,333,333; Σ a×p = 10,000,000×70 + 3,333,333×50 = 866,666,650 → 8,666,666.5 → 8,666,667
//                 commit A1 10,000,000 (1); won A5 8,000,000 (1); A7 in USD left out.
// alice, quarter: + A3 → pipeline 18,333,333; Σ = 866,666,650 + 5,000,000×75 = 1,241,666,650 → 12,416,667; commit 15,000,000 (2).
// bob, month:     B1 → 20,000,000, weighted 14,000,000, commit 20,000,000; quarter adds won B2 1,000,000.
const aliceMonth = { deals: 2, pipeline: 13_333_333, weighted: 8_666_667, commit: 10_000_000, commitDeals: 1, won: 8_000_000, wonDeals: 1 };
const aliceQuarter = { deals: 3, pipeline: 18_333_333, weighted: 12_416_667, commit: 15_000_000, commitDeals: 2, won: 8_000_000, wonDeals: 1 };
const bobMonth = { deals: 1, pipeline: 20_000_000, weighted: 14_000_000, commit: 20_000_000, commitDeals: 1, won: 0, wonDeals: 0 };
const bobQuarter = { ...bobMonth, won: 1_000_000, wonDeals: 1 };

test('the forecast of an admin: the tenant, per owner, figures as computed by hand', async () => {
  const month = await req('root', `/api/deals/forecast?period=month&at=${AT}`);
  expect(month.status).toBe(200);
  expect(month.body).toEqual({
    period: { unit: 'month', key: '2026-11', from: '2026-11-01', to: '2026-12-01' },
    currency: 'CNY',
    // 866,666,650 + 1,400,000,000 = 2,266,666,650 → 22,666,667 (rounded once, not per owner)
    total: { deals: 3, pipeline: 33_333_333, weighted: 22_666_667, commit: 30_000_000, commitDeals: 2, won: 8_000_000, wonDeals: 1 },
    byOwner: [
      { ownerId: staffId.bob, name: 'fc-bob', ...bobMonth },
      { ownerId: staffId.alice, name: 'fc-alice', ...aliceMonth },
    ],
    otherCurrencyDeals: 1,
  });
  const quarter = await req('root', `/api/deals/forecast?period=quarter&at=${AT}`);
  expect(quarter.body.period).toEqual({ unit: 'quarter', key: '2026-Q4', from: '2026-10-01', to: '2027-01-01' });
  expect(quarter.body.total).toEqual({ deals: 4, pipeline: 38_333_333, weighted: 26_416_667, commit: 35_000_000, commitDeals: 3, won: 9_000_000, wonDeals: 2 });
  expect(quarter.body.byOwner).toEqual([
    { ownerId: staffId.bob, name: 'fc-bob', ...bobQuarter },
    { ownerId: staffId.alice, name: 'fc-alice', ...aliceQuarter },
  ]);
});

test('a manager sees their departments only; a salesperson is refused; a bad period names the field', async () => {
  const carol = await req('carol', `/api/deals/forecast?period=quarter&at=${AT}`);
  expect(carol.body.total).toEqual(aliceQuarter);
  expect(carol.body.byOwner.map((o: { name: string }) => o.name)).toEqual(['fc-alice']);
  const walt = await req('walt', `/api/deals/forecast?at=${AT}`);
  expect(walt.body.period.unit).toBe('month');
  expect(walt.body.total).toEqual(bobMonth);
  expect(walt.body.otherCurrencyDeals).toBe(0);

  const alice = await req('alice', `/api/deals/forecast?at=${AT}`);
  expect(alice.status).toBe(403);
  expect(alice.body.error.message).toMatch(/managers and admins/);
  const bad = await req('root', '/api/deals/forecast?period=year');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['period']);
});

test('contractEndReminderDays: a tenant setting (default 30), 1–365 whole days, a bad value names the field and changes nothing', async () => {
  const put = (body: unknown) => app.request('PUT', '/api/sales-settings', { token: token.root, body });
  expect((await req('root', '/api/sales-settings')).body.contractEndReminderDays).toBe(30);
  for (const bad of [0, 2.5, 366, '30']) {
    const res = await put({ contractEndReminderDays: bad });
    expect([res.status, res.body.error.details.map((d: { path: string }) => d.path)]).toEqual([400, ['contractEndReminderDays']]);
  }
  expect((await req('root', '/api/sales-settings')).body.contractEndReminderDays).toBe(30);
  expect((await put({ contractEndReminderDays: 45 })).body.contractEndReminderDays).toBe(45);
  expect((await app.request('PUT', '/api/sales-settings', { token: token.carol, body: { contractEndReminderDays: 10 } })).status).toBe(403);
});
