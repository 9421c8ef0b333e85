import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildDigest, findRecipient, loadDigestTenant } from '../../src/crm/digests/build-digest.js';
import { buildDigestDocument } from '../../src/crm/digests/build-digest-document.js';
import type { DailyDigest } from '../../src/crm/digests/digest-types.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Contract } from '../../src/crm/models/contract.js';
import { Customer } from '../../src/crm/models/customer.js';
import { RfmCutPointsModel } from '../../src/crm/models/rfm-cut-points.js';
import { recomputeCustomerRfm } from '../../src/crm/segments/recompute-customer-rfm.js';
import { recomputeTenantRfm } from '../../src/crm/segments/recompute-tenant-rfm.js';
import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

type Who = 'alice' | 'bob' | 'carol' | 'root';
const people: Record<Who, { role: 'sales' | 'manager' | 'admin'; departments: string[] }> = {
  alice: { role: 'sales', departments: ['east'] },
  bob: { role: 'sales', departments: ['west'] },
  carol: { role: 'manager', departments: ['east'] },
  root: { role: 'admin', departments: [] },
};
const TZ = 'Asia/Shanghai';
/** Friday 2026-11-20 12:00 in Shanghai; 04:00 UTC, so a whole number of days back is the same local date in UTC. */
const NOW = new Date('2026-11-20T04:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const dateAgo = (days: number) => ago(days).toISOString().slice(0, 10);

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let tenantId: Types.ObjectId;
const token = {} as Record<Who, string>;
const staffId = {} as Record<Who, string>;
const id = {} as Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5', string>;

// The fixture, hand-computed (R = days since last contact or purchase, F = follow-ups + contracts in
// 365 days, M = standing contracts signed in 365 days + payments on contracts that do not stand):
//   c1 alice: contact 1 day ago, contract signed today 500,000 (executing), 8 follow-ups → R 0,   F 9, M 500,000
//   c2 alice: contact 100 days ago, contract 120 days ago 300,000, 4 follow-ups          → R 100, F 5, M 300,000
//   c3 alice: contact 5 days ago, terminated contract, 200,000 paid 80 days ago          → R 5,   F 0, M 200,000
//   c4 bob:   contact 30 days ago, 3 follow-ups                                           → R 30,  F 3, M 0
//   c5 bob:   contact 200 days ago; a follow-up and a 900,000 contract 400 days ago       → R 200, F 0, M 0
// Cuts (ranks 1–4 of 5 from the worst end): R [200,100,30,5], F [0,0,3,5], M [0,0,200000,300000].
// Scores: c1 5/5/5 重要价值 · c2 2/4/4 重要保持 · c3 4/1/3 重要发展 · c4 3/3/1 一般价值 · c5 1/1/1 一般挽留.
const expected = {
  c1: { r: 5, f: 5, m: 5, segment: '重要价值', recencyDays: 0, frequency: 9, monetary: 500_000 },
  c2: { r: 2, f: 4, m: 4, segment: '重要保持', recencyDays: 100, frequency: 5, monetary: 300_000 },
  c3: { r: 4, f: 1, m: 3, segment: '重要发展', recencyDays: 5, frequency: 0, monetary: 200_000 },
  c4: { r: 3, f: 3, m: 1, segment: '一般价值', recencyDays: 30, frequency: 3, monetary: 0 },
  c5: { r: 1, f: 1, m: 1, segment: '一般挽留', recencyDays: 200, frequency: 0, monetary: 0 },
};

let contractSeq = 0;
async function contract(customer: string, owner: Who, fields: { amount: number; status: string; signedDate?: string; payments?: { receivedDate: string; amount: number }[] }) {
  contractSeq += 1;
  await Contract.create({
    tenantId,
    number: `HT-2026-${String(contractSeq).padStart(4, '0')}`,
    numberScope: 'HT-2026-#',
    numberSeq: contractSeq,
    customerId: customer,
    title: `合同 ${contractSeq}`,
    ownerId: staffId[owner],
    currency: 'CNY',
    ...fields,
    payments: (fields.payments ?? []).map((p) => ({ ...p, recordedAt: NOW })),
  });
}
async function followUps(customer: string, daysAgo: number[]) {
  await Activity.insertMany(daysAgo.map((d) => ({ tenantId, customerId: customer, type: 'follow_up', at: ago(d), source: 'api', content: '跟进', relayed: true })));
}

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  for (const [who, p] of Object.entries(people) as [Who, (typeof people)[Who]][]) {
    token[who] = await app.login(`rfm-${who}`, p.role, p.departments, 'rfm-co');
    const me = (await app.request('GET', '/api/me', { token: token[who] })).body;
    staffId[who] = me.staff.id;
    tenantId = new Types.ObjectId(String(me.tenant.id));
  }
  const customer = async (key: keyof typeof id, owner: Who, lastContactDaysAgo: number) => {
    const res = await app.request('POST', '/api/customers', { token: token.root, body: { name: `客户${key}`, ownerId: staffId[owner] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id[key] = res.body.id;
    await Customer.updateOne({ _id: res.body.id }, { $set: { lastContactAt: ago(lastContactDaysAgo), createdAt: ago(500) } });
  };
  await customer('c1', 'alice', 1);
  await customer('c2', 'alice', 100);
  await customer('c3', 'alice', 5);
  await customer('c4', 'bob', 30);
  await customer('c5', 'bob', 200);
  await followUps(id.c1, [1, 2, 3, 5, 8, 13, 21, 29]);
  await followUps(id.c2, [100, 150, 200, 300]);
  await followUps(id.c4, [30, 60, 90]);
  await followUps(id.c5, [400]);
  await contract(id.c1, 'alice', { amount: 500_000, status: 'executing', signedDate: dateAgo(0) });
  await contract(id.c2, 'alice', { amount: 300_000, status: 'signed', signedDate: dateAgo(120) });
  await contract(id.c3, 'alice', { amount: 1_000_000, status: 'terminated', signedDate: dateAgo(90), payments: [{ receivedDate: dateAgo(80), amount: 200_000 }] });
  await contract(id.c5, 'bob', { amount: 900_000, status: 'completed', signedDate: dateAgo(400) });
  await recomputeTenantRfm(tenantId, NOW, TZ);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('RFM quintile scores and segment names match the hand-computed fixture', async () => {
  for (const [key, want] of Object.entries(expected)) {
    const c = await Customer.findById(id[key as keyof typeof id]).lean();
    expect({ ...c!.rfm, at: undefined }, key).toEqual({ ...want, at: undefined });
  }
  const cuts = await RfmCutPointsModel.findOne({ tenantId }).lean();
  expect({ r: cuts!.r, f: cuts!.f, m: cuts!.m, customers: cuts!.customers }).toEqual({ r: [200, 100, 30, 5], f: [0, 0, 3, 5], m: [0, 0, 200_000, 300_000], customers: 5 });
  const view = (await app.request('GET', `/api/customers/${id.c2}`, { token: token.alice })).body;
  expect(view.rfm).toEqual({ r: 2, f: 4, m: 4, segment: '重要保持' });
});

test('the segment filter of the customer list stays inside the caller’s scope', async () => {
  const list = async (who: Who, segment: string) =>
    (await app.request('GET', `/api/customers?segment=${encodeURIComponent(segment)}`, { token: token[who] })).body.items.map((c: { id: string }) => c.id);
  expect(await list('alice', '重要价值')).toEqual([id.c1]);
  expect(await list('bob', '重要价值')).toEqual([]);
  expect(await list('alice', '一般价值')).toEqual([]);
  expect(await list('bob', '一般价值')).toEqual([id.c4]);
  expect(await list('carol', '重要发展')).toEqual([id.c3]);
  expect(await list('root', '一般挽留')).toEqual([id.c5]);
  const bad = await app.request('GET', `/api/customers?segment=${encodeURIComponent('{"$ne":null}')}`, { token: token.root });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('segment');
});

test('the segment summary counts the customers in scope, all eight segments listed', async () => {
  const summary = async (who: Who) => {
    const res = await app.request('GET', '/api/segments/summary', { token: token[who] });
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.segments.filter((s: { count: number }) => s.count > 0).map((s: { segment: string; count: number }) => [s.segment, s.count]));
  };
  expect(await summary('alice')).toEqual({ 重要价值: 1, 重要保持: 1, 重要发展: 1 });
  expect(await summary('bob')).toEqual({ 一般价值: 1, 一般挽留: 1 });
  const root = (await app.request('GET', '/api/segments/summary', { token: token.root })).body;
  expect(root.segments).toHaveLength(8);
  expect(root.total).toBe(5);
  expect(root.unscored).toBe(0);
});

test('the manager digest lists important customers nobody contacted this calendar month', async () => {
  const tenant = await loadDigestTenant(tenantId);
  const build = async (who: Who) =>
    (await buildDigest({ tenant, recipient: await findRecipient(tenantId, new Types.ObjectId(staffId[who])), kind: 'daily', asOf: NOW })) as DailyDigest;
  // East: c1 and c3 were contacted in November, c2 last 100 days ago; bob's customers are not important.
  const carol = await build('carol');
  expect(carol.importantUncontacted).toEqual({ total: 1, top: [{ code: expect.any(String), name: '客户c2', ownerName: 'rfm-alice', segment: '重要保持', daysSilent: 100 }] });
  const text = JSON.stringify(buildDigestDocument(carol).sections);
  expect(text).toContain('重要客户本月无人联系 1');
  expect(text).toContain('客户c2');
  const root = await build('root');
  expect(root.importantUncontacted?.total).toBe(1);
  // bob's team has no important customer: no section at all.
  expect((await build('bob')).importantUncontacted).toBeUndefined();
});

test('a recorded follow-up rescores that customer against the stored cut points (domain-event subscriber)', async () => {
  // c5 (1/1/1) is contacted today: R 0 beats every cut → 5, F 1 beats two zero cuts → 3, M stays 1.
  const res = await app.request('POST', `/api/customers/${id.c5}/follow-ups`, { token: token.bob, body: { content: '回访', channel: 'phone', nextFollowUp: 'none' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const deps = app.service.deps;
  while ((await relayActivities(deps.inbox, deps.domainEvents)) > 0);
  await deps.inbox.drain();
  const c5 = await Customer.findById(id.c5).lean();
  expect({ r: c5!.rfm!.r, f: c5!.rfm!.f, m: c5!.rfm!.m, segment: c5!.rfm!.segment }).toEqual({ r: 5, f: 3, m: 1, segment: '一般价值' });
  // A repeat (redelivery) writes the same scores.
  const again = await recomputeCustomerRfm(tenantId, new Types.ObjectId(id.c5), new Date(), TZ);
  expect(again?.segment).toBe('一般价值');
});
