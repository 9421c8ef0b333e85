import { afterAll, beforeAll, expect, test } from 'vitest';
import { useTestDatabase } from '../support/test-db.js';
import { buildDigest, loadDigestTenant, findRecipient, type DigestTenant } from '../../src/crm/digests/build-digest.js';
import { tenantFacts } from '../../src/crm/digests/digest-facts.js';
import { closedStageKeys } from '../../src/crm/digests/digest-helpers.js';
import type { DailyDigest } from '../../src/crm/digests/digest-types.js';
import { dayContaining } from '../../src/crm/digests/period.js';
import { dingtalkMarkdownDialect } from '../../src/channels/dingtalk/dingtalk-markdown-dialect.js';
import { fitDocumentMessages } from '../../src/channels/shared/markdown/fit-document-messages.js';
import { utf8Bytes } from '../../src/channels/shared/truncate-utf8.js';
import { wecomMarkdownDialect } from '../../src/channels/wecom/wecom-markdown-dialect.js';
import { buildDigestDocument } from '../../src/crm/digests/build-digest-document.js';
import { seedCustomer, seedFollowUp, seedReminder, seedStaff, seedStageMove, seedTenant, sh } from '../support/seed-digest-data.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenant: DigestTenant;
const ids: Record<string, import('mongoose').Types.ObjectId> = {};
const asOf = sh('2025-03-14 18:05'); // Friday

beforeAll(async () => {
  db = await useTestDatabase();
  const t = await seedTenant();
  const tid = t._id;
  const east = ['华东'];
  const M = await seedStaff(tid, '周经理', 'manager', east);
  const A = await seedStaff(tid, '安娜', 'sales', east);
  const B = await seedStaff(tid, '贝拉', 'sales', east);
  const C = await seedStaff(tid, '陈晨', 'sales', east);
  await seedStaff(tid, '离职者', 'sales', east, { active: false });
  const X = await seedStaff(tid, '西门', 'sales', ['华南']);
  const Z = await seedStaff(tid, '管理员', 'admin', []);
  Object.assign(ids, { M: M._id, A: A._id, B: B._id, C: C._id, X: X._id, Z: Z._id });

  // New customers: the Shanghai day 2025-03-14 runs from 03-13 16:00 UTC to 03-14 16:00 UTC.
  const c1 = await seedCustomer(tid, A._id, '星河科技', { createdAt: sh('2025-03-14 09:10'), source: '官网' });
  const c2 = await seedCustomer(tid, B._id, '北辰贸易', { createdAt: sh('2025-03-14 11:00'), source: '展会', stage: 'negotiating' });
  await seedCustomer(tid, A._id, '云杉', { createdAt: sh('2025-03-14 14:00'), source: '官网' });
  await seedCustomer(tid, B._id, '无来源', { createdAt: sh('2025-03-14 15:00') });
  await seedCustomer(tid, A._id, '凌晨客户', { createdAt: sh('2025-03-14 00:10'), source: '官网' }); // UTC says the 13th
  await seedCustomer(tid, A._id, '昨夜客户', { createdAt: sh('2025-03-13 23:50'), source: '官网' }); // previous day
  const cx = await seedCustomer(tid, X._id, '南方客户', { createdAt: sh('2025-03-14 10:00'), source: '官网' }); // other department
  const c6 = await seedCustomer(tid, A._id, '老客户', { stage: 'intent' });

  // Follow-ups on the day: A 3 (one at 00:05, which UTC puts on the 13th), B 1, C 0, M 2, X 2 (other department).
  await seedFollowUp(tid, c1._id, A._id, sh('2025-03-14 00:05'));
  await seedFollowUp(tid, c1._id, A._id, sh('2025-03-14 09:00'));
  await seedFollowUp(tid, c6._id, A._id, sh('2025-03-14 12:00'));
  await seedFollowUp(tid, c6._id, A._id, sh('2025-03-13 23:59')); // previous day
  await seedFollowUp(tid, c2._id, B._id, sh('2025-03-14 10:00'));
  await seedFollowUp(tid, c2._id, M._id, sh('2025-03-14 11:00'));
  await seedFollowUp(tid, c1._id, M._id, sh('2025-03-14 17:00'));
  await seedFollowUp(tid, cx._id, X._id, sh('2025-03-14 10:00'));
  await seedFollowUp(tid, cx._id, X._id, sh('2025-03-14 11:00'));

  // Stage moves: two won (c6 at 11:00, c2 at 16:00) and one other; X's win is another department.
  await seedStageMove(tid, c1._id, A._id, 'lead', 'intent', sh('2025-03-14 10:00'));
  await seedStageMove(tid, c2._id, B._id, 'negotiating', 'won', sh('2025-03-14 16:00'));
  await seedStageMove(tid, c6._id, A._id, 'intent', 'won', sh('2025-03-14 11:00'));
  await seedStageMove(tid, cx._id, X._id, 'lead', 'won', sh('2025-03-14 12:00'));
  await seedStageMove(tid, c1._id, A._id, 'lead', 'intent', sh('2025-03-13 20:00')); // previous day

  // Overdue follow-ups (as of the start of the 14th).
  await seedCustomer(tid, A._id, '逾期三天', { nextFollowUpAt: sh('2025-03-11 10:00'), lastContactAt: sh('2025-03-04 10:00') });
  await seedCustomer(tid, B._id, '逾期一天', { nextFollowUpAt: sh('2025-03-13 09:00') });
  await seedCustomer(tid, A._id, '已补跟进', { nextFollowUpAt: sh('2025-03-12 09:00'), lastContactAt: sh('2025-03-13 09:00') });
  await seedCustomer(tid, A._id, '今天到期', { nextFollowUpAt: sh('2025-03-14 09:00') });
  await seedCustomer(tid, B._id, '已成交', { nextFollowUpAt: sh('2025-03-09 09:00'), stage: 'won' });
  await seedCustomer(tid, X._id, '南方逾期', { nextFollowUpAt: sh('2025-03-10 09:00') });

  // Silent past their contact cycle (as of 18:05).
  await seedCustomer(tid, C._id, '沉默十天', { contactCycleDays: 7, lastContactAt: sh('2025-03-04 12:00') });
  await seedCustomer(tid, A._id, '刚联系', { contactCycleDays: 7, lastContactAt: sh('2025-03-11 12:00') });
  await seedCustomer(tid, B._id, '从未联系', { contactCycleDays: 5, createdAt: sh('2025-03-08 08:00') });
  await seedCustomer(tid, C._id, '已流失', { contactCycleDays: 3, lastContactAt: sh('2025-02-01 12:00'), stage: 'lost' });

  // Reminders due tomorrow (the Shanghai day 2025-03-15).
  await seedReminder(tid, A._id, sh('2025-03-15 09:15'), '回访报价', { customerId: c1._id });
  await seedReminder(tid, B._id, sh('2025-03-15 23:59'), '发合同');
  await seedReminder(tid, A._id, sh('2025-03-16 00:00'), '后天的事');
  await seedReminder(tid, A._id, sh('2025-03-15 10:00'), '已完成', { status: 'done' });
  await seedReminder(tid, X._id, sh('2025-03-15 10:00'), '南方提醒');

  tenant = await loadDigestTenant(tid);
});
afterAll(() => db.drop());

async function dailyFor(staff: string, options: { batch?: boolean } = {}): Promise<DailyDigest> {
  const recipient = await findRecipient(tenant.tenantId, ids[staff]!);
  const facts = options.batch ? tenantFacts(tenant.tenantId, closedStageKeys(tenant.stages)) : undefined;
  return (await buildDigest({ tenant, recipient, kind: 'daily', asOf, facts })) as DailyDigest;
}

test("a manager's daily digest counts exactly their departments' day in Shanghai time", async () => {
  const d = await dailyFor('M');
  expect(d.period).toEqual({
    key: '2025-03-14',
    start: '2025-03-13T16:00:00.000Z',
    end: '2025-03-14T16:00:00.000Z',
    timezone: 'Asia/Shanghai',
  });
  expect(d.scope).toEqual({ departments: ['华东'], wholeTenant: false, memberCount: 5 });
  expect(d.newCustomers).toEqual({
    total: 5,
    bySource: [
      { source: '官网', count: 3 },
      { source: '展会', count: 1 },
      { source: null, count: 1 },
    ],
  });
  expect(d.followUps).toEqual({
    total: 6,
    teamAverage: 1.5,
    reps: [
      { staffId: String(ids.A), name: '安娜', count: 3, vsAverage: 1.5 },
      { staffId: String(ids.M), name: '周经理', count: 2, vsAverage: 0.5 },
      { staffId: String(ids.B), name: '贝拉', count: 1, vsAverage: -0.5 },
      { staffId: String(ids.C), name: '陈晨', count: 0, vsAverage: -1.5 },
    ],
  });
  expect(d.stageMoves.total).toBe(3);
  expect(d.stageMoves.won).toBe(2);
  expect(d.stageMoves.items.map((i) => [i.name, i.ownerName, i.from, i.to, i.won])).toEqual([
    ['老客户', '安娜', '意向', '成交', true],
    ['北辰贸易', '贝拉', '谈判', '成交', true],
    ['星河科技', '安娜', '潜在', '意向', false],
  ]);
  expect(d.overdue.total).toBe(2);
  expect(d.overdue.top.map((o) => [o.name, o.ownerName, o.daysOverdue])).toEqual([
    ['逾期三天', '安娜', 3],
    ['逾期一天', '贝拉', 1],
  ]);
  expect(d.silent.total).toBe(2);
  expect(d.silent.top.map((s) => [s.name, s.ownerName, s.daysSilent, s.contactCycleDays])).toEqual([
    ['沉默十天', '陈晨', 10, 7],
    ['从未联系', '贝拉', 6, 5],
  ]);
  expect(d.remindersTomorrow.total).toBe(2);
  expect(d.remindersTomorrow.items.map((r) => [r.staffName, r.text, r.customerName])).toEqual([
    ['安娜', '回访报价', '星河科技'],
    ['贝拉', '发合同', null],
  ]);
});

test('the batch path (tenant-wide queries shared by every digest) gives the same numbers', async () => {
  expect(await dailyFor('M', { batch: true })).toEqual(await dailyFor('M'));
});

test("an admin's digest covers the whole tenant", async () => {
  const d = await dailyFor('Z');
  expect(d.scope.wholeTenant).toBe(true);
  expect(d.followUps.total).toBe(8);
  expect(d.followUps.reps).toHaveLength(5);
  expect(d.followUps.teamAverage).toBe(1.6);
  expect(d.newCustomers.total).toBe(6);
  expect(d.stageMoves).toMatchObject({ total: 4, won: 3 });
  expect(d.overdue.total).toBe(3);
  expect(d.remindersTomorrow.total).toBe(3);
});

test('a follow-up at 23:30 Shanghai time counts for that Shanghai day, not the next', async () => {
  const recipient = await findRecipient(tenant.tenantId, ids.C!);
  const customer = await seedCustomer(tenant.tenantId, ids.C!, '深夜客户');
  await seedFollowUp(tenant.tenantId, customer._id, ids.C!, sh('2025-03-20 23:30')); // 15:30 UTC
  await seedFollowUp(tenant.tenantId, customer._id, ids.C!, sh('2025-03-21 00:10')); // 16:10 UTC on the 20th
  const on = (day: string) =>
    buildDigest({ tenant, recipient, kind: 'daily', asOf: sh(`${day} 23:59`), period: dayContaining(sh(`${day} 12:00`)) });
  expect(((await on('2025-03-20')) as DailyDigest).followUps.total).toBe(1);
  expect(((await on('2025-03-21')) as DailyDigest).followUps.total).toBe(1);
  expect(((await on('2025-03-19')) as DailyDigest).followUps.total).toBe(0);
});

test('rendered as WeCom markdown within 2048 bytes and as DingTalk markdown', async () => {
  const d = await dailyFor('M');
  const wecom = fitDocumentMessages(buildDigestDocument(d, { dashboardUrl: 'https://crm.example.com/sidebar/dashboard.html' }), wecomMarkdownDialect);
  expect(wecom.form).toBe('markdown');
  expect(wecom.bodies).toHaveLength(1);
  const body = wecom.bodies[0]!;
  if (body.type !== 'markdown') throw new Error('expected markdown');
  expect(utf8Bytes(body.markdown)).toBeLessThanOrEqual(2048);
  expect(body.title).toBe('销售日报 3月14日（周五）');
  expect(body.markdown).toContain('**新增客户 5**：官网 3、展会 1、未填来源 1');
  expect(body.markdown).toContain('**跟进 6 次**，人均 1.5');
  expect(body.markdown).toContain('<font color="warning">- 陈晨 0（-1.5）</font>');
  expect(body.markdown).toContain('<font color="info">- 老客户（安娜）：意向 → 成交 ✔</font>');
  expect(body.markdown).toContain('- 逾期三天 ');
  expect(body.markdown).toContain('[查看团队看板](https://crm.example.com/sidebar/dashboard.html)');
  const ding = fitDocumentMessages(buildDigestDocument(d), dingtalkMarkdownDialect);
  const dingBody = ding.bodies[0]!;
  if (dingBody.type !== 'markdown') throw new Error('expected markdown');
  expect(dingBody.markdown).not.toContain('<font');
  expect(dingBody.markdown).toContain('\n\n**跟进 6 次**，人均 1.5');
  for (const b of ding.bodies) if (b.type === 'markdown') expect(utf8Bytes(b.markdown)).toBeLessThanOrEqual(1500);
});
