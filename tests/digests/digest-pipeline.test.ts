import type { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildDigest, findRecipient, loadDigestTenant } from '../../src/crm/digests/build-digest.js';
import { buildDigestDocument } from '../../src/crm/digests/build-digest-document.js';
import { tenantFacts } from '../../src/crm/digests/digest-facts.js';
import { closedStageKeys } from '../../src/crm/digests/digest-helpers.js';
import type { DailyDigest, WeeklyDigest } from '../../src/crm/digests/digest-types.js';
import type { ChatDocument, DocumentLine } from '../../src/messaging/chat-document.js';
import { Contract } from '../../src/crm/models/contract.js';
import { Deal } from '../../src/crm/models/deal.js';
import { seedCustomer, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let emptyTenantId: Types.ObjectId;
const ids: Record<string, Types.ObjectId> = {};
/** Friday 2026-11-20 18:05 in Shanghai: month 2026-11, quarter 2026-Q4. */
const asOf = sh('2026-11-20 18:05');
let seq = 0;

async function deal(ownerId: Types.ObjectId, customerId: Types.ObjectId, fields: Record<string, unknown>) {
  return Deal.create({ tenantId, customerId, ownerId, title: `D${++seq}`, currency: 'CNY', probability: 10, stage: 'initial', amount: 0, ...fields });
}
async function contract(ownerId: Types.ObjectId, customerId: Types.ObjectId, fields: Record<string, unknown>) {
  const n = ++seq;
  return Contract.create({
    tenantId,
    customerId,
    ownerId,
    number: `HT-2026-${String(n).padStart(4, '0')}`,
    numberScope: 'HT-2026-#',
    numberSeq: n,
    title: `合同 ${n}`,
    currency: 'CNY',
    ...fields,
  });
}

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await seedTenant())._id;
  emptyTenantId = (await seedTenant())._id;
  const M = await seedStaff(tenantId, '周经理', 'manager', ['华东']);
  const A = await seedStaff(tenantId, '安娜', 'sales', ['华东']);
  const X = await seedStaff(tenantId, '西门', 'sales', ['华南']);
  const Z = await seedStaff(tenantId, '管理员', 'admin', []);
  Object.assign(ids, { M: M._id, A: A._id, X: X._id, Z: Z._id });
  ids.E = (await seedStaff(emptyTenantId, '空经理', 'manager', ['华东']))._id;
  const ca = (await seedCustomer(tenantId, A._id, '东区客户'))._id;
  const cx = (await seedCustomer(tenantId, X._id, '南区客户'))._id;

  await deal(A._id, ca, { stage: 'negotiation', probability: 70, amount: 10_000_000, expectedCloseDate: '2026-11-25' });
  await deal(A._id, ca, { stage: 'proposal', probability: 50, amount: 3_333_333, expectedCloseDate: '2026-12-10' });
  await deal(A._id, ca, { stage: 'won', probability: 100, amount: 5_000_000, closedAt: sh('2026-11-20 10:00') });
  await deal(A._id, ca, { stage: 'lost', probability: 0, amount: 2_000_000, lostReason: '价格太高', closedAt: sh('2026-11-20 11:00') });
  await deal(A._id, ca, { stage: 'lost', probability: 0, amount: 1_000_000, lostReason: '价格太高', closedAt: sh('2026-11-20 12:00') });
  await deal(A._id, ca, { stage: 'lost', probability: 0, amount: 500_000, lostReason: '预算取消', closedAt: sh('2026-11-19 23:00') }); // yesterday
  await deal(A._id, ca, { stage: 'negotiation', probability: 70, amount: 1_000_000, expectedCloseDate: '2026-11-25', deletedAt: new Date() });
  await deal(X._id, cx, { stage: 'negotiation', probability: 70, amount: 99_000_000, expectedCloseDate: '2026-11-26' }); // 华南

  // Paid 3,500,000 covers installment 1 and 500,000 of installment 2 (due yesterday): 2,500,000 overdue.
  await contract(A._id, ca, {
    status: 'signed',
    amount: 10_000_000,
    installments: [
      { dueDate: '2026-11-01', amount: 3_000_000 },
      { dueDate: '2026-11-19', amount: 3_000_000 },
      { dueDate: '2026-12-31', amount: 4_000_000 },
    ],
    payments: [
      { receivedDate: '2026-11-05', amount: 2_000_000, recordedAt: new Date() },
      { receivedDate: '2026-11-20', amount: 1_500_000, recordedAt: new Date() },
    ],
  });
  await contract(A._id, ca, { status: 'draft', amount: 1_000_000, installments: [{ dueDate: '2026-10-01', amount: 1_000_000 }] }); // not collecting
  await contract(X._id, cx, { status: 'executing', amount: 7_000_000, installments: [{ dueDate: '2026-11-10', amount: 7_000_000 }] });
});
afterAll(async () => {
  await db.drop();
});

const lineText = (l: DocumentLine) => ('spans' in l ? l.spans.map((s) => s.text).join('') : l.text);
function sectionLines(doc: ChatDocument, heading: string): string[] | undefined {
  const s = doc.sections.find((x) => lineText(x.heading) === heading);
  return s?.items.map(lineText);
}

test("a manager's daily digest: the pipeline section of their department, computed by hand", async () => {
  const tenant = await loadDigestTenant(tenantId);
  const recipient = await findRecipient(tenantId, ids.M!);
  const alone = (await buildDigest({ tenant, recipient, kind: 'daily', asOf })) as DailyDigest;
  // The batch run reads the tenant once and filters per team: the same numbers.
  const batch = (await buildDigest({ tenant, recipient, kind: 'daily', asOf, facts: tenantFacts(tenantId, closedStageKeys(tenant.stages)) })) as DailyDigest;
  // month: 10,000,000 × 70 % = 7,000,000; quarter: + 3,333,333 × 50 % → 866,666,650 / 100 = 8,666,666.5 → 8,666,667
  const expected = {
    currency: 'CNY',
    month: { key: '2026-11', deals: 1, pipeline: 10_000_000, weighted: 7_000_000, commit: 10_000_000, commitDeals: 1, won: 5_000_000, wonDeals: 1 },
    quarter: { key: '2026-Q4', deals: 2, pipeline: 13_333_333, weighted: 8_666_667, commit: 10_000_000, commitDeals: 1, won: 5_000_000, wonDeals: 1 },
    won: { count: 1, amount: 5_000_000 },
    lost: { count: 2, amount: 3_000_000, reasons: [{ reason: '价格太高', count: 2 }] },
    paymentsReceived: { count: 1, amount: 1_500_000 },
    overdue: { contracts: 1, amount: 2_500_000 },
  };
  expect(alone.pipeline).toEqual(expected);
  expect(batch.pipeline).toEqual(expected);

  expect(sectionLines(buildDigestDocument(alone), '商机与回款')).toEqual([
    '本月预测（2026-11）：加权 ¥70,000.00 · 承诺 ¥100,000.00（1 单）· 已赢单 ¥50,000.00',
    '本季度预测（2026-Q4）：加权 ¥86,666.67 · 承诺 ¥100,000.00（1 单）· 已赢单 ¥50,000.00',
    '今日赢单 1 单 ¥50,000.00 · 输单 2 单 ¥30,000.00（价格太高 2）',
    '今日回款 ¥15,000.00（1 笔）',
    '逾期未回款 ¥25,000.00（1 份合同）',
  ]);
});

test("an admin's weekly digest covers the tenant and the week", async () => {
  const tenant = await loadDigestTenant(tenantId);
  const recipient = await findRecipient(tenantId, ids.Z!);
  const weekly = (await buildDigest({ tenant, recipient, kind: 'weekly', asOf: sh('2026-11-21 20:00') })) as WeeklyDigest;
  // A weekly digest built on Saturday reports on the previous full week (11-09 … 11-15): lost 0, won 0, payments 0.
  expect(weekly.period.key).toBe('2026-W46');
  expect(weekly.pipeline).toMatchObject({
    // month: 7,000,000 + 99,000,000 × 70 % = 76,300,000
    month: { deals: 2, pipeline: 109_000_000, weighted: 76_300_000, commit: 109_000_000, commitDeals: 2 },
    won: { count: 0, amount: 0 },
    lost: { count: 0, amount: 0, reasons: [] },
    paymentsReceived: { count: 0, amount: 0 },
    // As of 11-21: A's 2,500,000 and X's 7,000,000.
    overdue: { contracts: 2, amount: 9_500_000 },
  });
  expect(sectionLines(buildDigestDocument(weekly), '商机与回款')![2]).toBe('本周赢单 0 单 ¥0.00 · 输单 0 单 ¥0.00');
});

test('a team without deals, contracts or payments gets the digest it always got: no pipeline key, no section', async () => {
  const tenant = await loadDigestTenant(emptyTenantId);
  const digest = await buildDigest({ tenant, recipient: await findRecipient(emptyTenantId, ids.E!), kind: 'daily', asOf });
  expect('pipeline' in digest).toBe(false);
  expect(sectionLines(buildDigestDocument(digest), '商机与回款')).toBeUndefined();
});
