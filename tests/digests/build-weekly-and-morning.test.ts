import { afterAll, beforeAll, expect, test } from 'vitest';
import { useTestDatabase } from '../support/test-db.js';
import { buildDigest, findRecipient, loadDigestTenant, type DigestTenant } from '../../src/crm/digests/build-digest.js';
import type { MorningList, WeeklyDigest } from '../../src/crm/digests/digest-types.js';
import { dingtalkMarkdownDialect } from '../../src/channels/dingtalk/dingtalk-markdown-dialect.js';
import { fitDocumentMessages } from '../../src/channels/shared/markdown/fit-document-messages.js';
import { utf8Bytes } from '../../src/channels/shared/truncate-utf8.js';
import { wecomMarkdownDialect } from '../../src/channels/wecom/wecom-markdown-dialect.js';
import { buildDigestDocument } from '../../src/crm/digests/build-digest-document.js';
import { seedCustomer, seedFollowUp, seedReminder, seedStaff, seedStageMove, seedTenant, sh } from '../support/seed-digest-data.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenant: DigestTenant;
const ids: Record<string, import('mongoose').Types.ObjectId> = {};

beforeAll(async () => {
  db = await useTestDatabase();
  const t = await seedTenant();
  const tid = t._id;
  const M = await seedStaff(tid, '周经理', 'manager', ['华东']);
  const A = await seedStaff(tid, '安娜', 'sales', ['华东']);
  const B = await seedStaff(tid, '贝拉', 'sales', ['华东']);
  Object.assign(ids, { M: M._id, A: A._id, B: B._id });

  // Week 2025-W11 (Mon 03-10 … Sun 03-16) against W10 (03-03 … 03-09).
  const a1 = await seedCustomer(tid, A._id, '甲一', { createdAt: sh('2025-03-10 00:05'), stage: 'negotiating', source: '官网' });
  const a2 = await seedCustomer(tid, A._id, '甲二', { createdAt: sh('2025-03-16 23:30'), stage: 'intent', source: '官网' });
  const b1 = await seedCustomer(tid, B._id, '乙一', { createdAt: sh('2025-03-05 10:00'), stage: 'won', source: '展会' });
  await seedCustomer(tid, B._id, '乙二', { createdAt: sh('2025-03-09 23:59'), stage: 'lead' }); // W10
  await seedCustomer(tid, B._id, '乙三', { createdAt: sh('2025-03-17 00:01'), stage: 'lost' }); // W12
  for (const at of ['2025-03-10 09:00', '2025-03-12 09:00', '2025-03-16 23:30', '2025-03-14 09:00']) {
    await seedFollowUp(tid, a1._id, A._id, sh(at));
  }
  await seedFollowUp(tid, b1._id, B._id, sh('2025-03-11 09:00'));
  for (const at of ['2025-03-03 09:00', '2025-03-04 09:00', '2025-03-09 23:59']) await seedFollowUp(tid, b1._id, B._id, sh(at));
  await seedFollowUp(tid, b1._id, B._id, sh('2025-03-17 00:00')); // W12
  await seedStageMove(tid, a1._id, A._id, 'intent', 'negotiating', sh('2025-03-11 10:00'));
  await seedStageMove(tid, a2._id, A._id, 'lead', 'intent', sh('2025-03-15 10:00'));
  await seedStageMove(tid, b1._id, B._id, 'negotiating', 'won', sh('2025-03-13 10:00'));
  await seedStageMove(tid, b1._id, B._id, 'lead', 'won', sh('2025-03-06 10:00')); // W10
  await seedStageMove(tid, a1._id, A._id, 'lead', 'won', sh('2025-03-07 10:00')); // W10

  // Morning list for A on Friday 2025-03-21 at 09:05.
  await seedCustomer(tid, A._id, '逾期客户', { nextFollowUpAt: sh('2025-03-18 10:00'), stage: 'intent' });
  const today = await seedCustomer(tid, A._id, '今日客户', { nextFollowUpAt: sh('2025-03-21 15:00'), stage: 'intent' });
  await seedCustomer(tid, A._id, '明日客户', { nextFollowUpAt: sh('2025-03-22 09:00'), stage: 'intent' });
  await seedCustomer(tid, B._id, '别人的', { nextFollowUpAt: sh('2025-03-21 09:00'), stage: 'intent' });
  await seedReminder(tid, A._id, sh('2025-03-20 16:00'), '昨天没做的提醒');
  await seedReminder(tid, A._id, sh('2025-03-21 11:00'), '今天的提醒');
  await seedReminder(tid, A._id, sh('2025-03-21 09:05'), '联系今日客户', { origin: 'contact_cycle', customerId: today._id });
  await seedReminder(tid, A._id, sh('2025-03-22 11:00'), '明天的提醒');
  await seedReminder(tid, A._id, sh('2025-03-20 11:00'), '已取消', { status: 'cancelled' });
  tenant = await loadDigestTenant(tid);
});
afterAll(() => db.drop());

test('the weekly digest on Monday 09:05 compares the finished week with the one before', async () => {
  const recipient = await findRecipient(tenant.tenantId, ids.M!);
  const w = (await buildDigest({ tenant, recipient, kind: 'weekly', asOf: sh('2025-03-17 09:05') })) as WeeklyDigest;
  expect(w.period.key).toBe('2025-W11');
  expect(w.previousPeriod.key).toBe('2025-W10');
  expect(w.compare).toEqual({
    newCustomers: { current: 2, previous: 2, change: 0 },
    followUps: { current: 5, previous: 3, change: 2 },
    won: { current: 1, previous: 2, change: -1 },
    stageMoves: { current: 3, previous: 2, change: 1 },
  });
  expect(w.followUps.reps.map((r) => [r.name, r.count])).toEqual([
    ['安娜', 4],
    ['贝拉', 1],
  ]);
  expect(w.followUps.teamAverage).toBe(2.5);
  expect(w.funnel.map((s) => [s.key, s.count])).toEqual([
    ['lead', 1],
    ['intent', 5], // a2 plus the four customers seeded for the morning list
    ['negotiating', 1],
    ['won', 1],
    ['lost', 1],
  ]);
  expect(w.topReps).toEqual([
    { staffId: String(ids.B), name: '贝拉', followUps: 1, won: 1 },
    { staffId: String(ids.A), name: '安娜', followUps: 4, won: 0 },
  ]);
  const wecom = fitDocumentMessages(buildDigestDocument(w), wecomMarkdownDialect);
  const body = wecom.bodies[0]!;
  if (body.type !== 'markdown') throw new Error('expected markdown');
  expect(body.title).toBe('销售周报 3/10–3/16');
  expect(body.markdown).toContain('- 跟进 5（上周 3，+2）');
  expect(body.markdown).toContain('- 成交 1（上周 2，-1）');
  expect(utf8Bytes(body.markdown)).toBeLessThanOrEqual(2048);
});

test("a salesperson's morning list: their overdue items first, then today's, nothing of tomorrow or of others", async () => {
  const recipient = await findRecipient(tenant.tenantId, ids.A!);
  const m = (await buildDigest({ tenant, recipient, kind: 'morning', asOf: sh('2025-03-21 09:05') })) as MorningList;
  expect(m.period.key).toBe('2025-03-21');
  expect(m.items.map((i) => [i.type, i.customerName ?? i.text, i.overdue])).toEqual([
    ['follow_up', '逾期客户', true],
    ['reminder', '昨天没做的提醒', true],
    ['reminder', '今天的提醒', false],
    ['follow_up', '今日客户', false],
  ]);
  expect([m.overdueCount, m.todayCount]).toEqual([2, 2]);
  const text = fitDocumentMessages(buildDigestDocument(m), wecomMarkdownDialect).markdown;
  expect(text).toContain('## 今日待联系 3月21日（周五）');
  expect(text).toContain('- <font color="warning">逾期 3/18</font> 跟进 逾期客户');
  expect(text).toContain('- 11:00 提醒：今天的提醒');
});
