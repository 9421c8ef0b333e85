import type { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Contract } from '../../src/crm/models/contract.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { createManualClock } from '../../src/jobs/clock.js';
import { createReminderJob } from '../../src/jobs/run-reminders.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { seedCustomer, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { useTestDatabase } from '../support/test-db.js';

const { outbox } = outboxUnderTest();
const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let c1: Types.ObjectId;
let seq = 0;

async function contract(ownerId: Types.ObjectId, customerId: Types.ObjectId, fields: Record<string, unknown>) {
  const n = ++seq;
  const doc = await Contract.create({
    tenantId,
    customerId,
    ownerId,
    number: `HT-2025-${String(n).padStart(4, '0')}`,
    numberScope: 'HT-2025-#',
    numberSeq: n,
    title: `合同${n}`,
    currency: 'CNY',
    amount: 10_000_000,
    ...fields,
  });
  return doc._id;
}

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await seedTenant('money-reminders'))._id;
  await Tenant.updateOne({ _id: tenantId }, { $set: { 'sales.contractEndReminderDays': 10 } });
  const owner = await seedStaff(tenantId, '回款人', 'sales', ['东']);
  const departed = await seedStaff(tenantId, '已离职', 'sales', ['东'], { active: false });
  const customer = (await seedCustomer(tenantId, owner._id, '星河科技'))._id;
  // Paid 500,000: it goes to the oldest installment (03-10), which stays 1,500,000 overdue; 03-18 is due today.
  c1 = await contract(owner._id, customer, {
    status: 'executing',
    endDate: '2025-03-25',
    installments: [
      { dueDate: '2025-03-18', amount: 3_000_000 },
      { dueDate: '2025-03-10', amount: 2_000_000 },
      { dueDate: '2025-04-30', amount: 5_000_000 },
    ],
    payments: [{ receivedDate: '2025-03-11', amount: 500_000, recordedAt: new Date() }],
  });
  await contract(owner._id, customer, { status: 'signed', endDate: '2025-04-30' }); // 43 days away: beyond the 10-day setting
  await contract(owner._id, customer, { status: 'draft', endDate: '2025-03-20', installments: [{ dueDate: '2025-03-01', amount: 1 }] }); // not in force
  await contract(owner._id, customer, { status: 'completed', endDate: '2025-03-20' });
  await contract(departed._id, customer, { status: 'executing', endDate: '2025-03-20', installments: [{ dueDate: '2025-03-01', amount: 1 }] });
});
afterAll(async () => {
  await db.drop();
});

const outboxTexts = async () => (await OutboxMessage.find({}).sort({ _id: 1 }).lean()).map((m) => (m.body as { text: string }).text.split('\n'));

test('contracts ending within the tenant setting and installments due or overdue: one reminder each, to the owner, across instances and days', async () => {
  const clock = createManualClock(sh('2025-03-18 08:48'));
  const job = () => createReminderJob({ defaultChannel: 'dingtalk', renderers: renderersUnderTest(), outbox, logger });
  const instances = ['m1', 'm2', 'm3'].map((instanceId) => createScheduler({ instanceId, clock, jobs: [job()] }));
  const tickMinutes = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await Promise.all(instances.map((s) => s.tick(clock.now())));
      clock.advance(60_000);
    }
  };

  await tickMinutes(2); // 08:48, 08:49: before the sweep
  expect(await Reminder.countDocuments({ tenantId })).toBe(0);
  await tickMinutes(3); // 08:50 sweeps; 08:51 and 08:52 do not repeat it
  const first = await Reminder.find({ tenantId }).sort({ origin: 1 }).lean();
  expect(first.map((r) => [r.origin, r.text])).toEqual([
    ['contract_end', '合同 HT-2025-0001「合同1」将于 2025-03-25 到期（还有 7 天），未回款 ¥95,000.00'],
    ['installment_due', '合同 HT-2025-0001 第 2 期今天应回款 ¥30,000.00'],
    ['installment_overdue', '合同 HT-2025-0001 第 1 期回款逾期：¥15,000.00 应于 2025-03-10 到账'],
  ]);
  expect(new Set(first.map((r) => String(r.staffId))).size).toBe(1);
  const sent = await outboxTexts();
  expect(sent).toHaveLength(3);
  expect(sent.map((lines) => lines[0])).toEqual(expect.arrayContaining(first.map((r) => `⏰ 提醒：${r.text}`)));
  expect(sent.find((l) => l[0]!.includes('到期'))).toContain('（合同到期自动提醒）');
  expect(sent.find((l) => l[0]!.includes('逾期'))).toContain('（按回款计划自动提醒）');

  // Next morning the unpaid 03-18 installment is overdue: one new reminder; nothing else repeats.
  clock.set(sh('2025-03-19 08:50'));
  await tickMinutes(2);
  const second = await Reminder.find({ tenantId }).sort({ createdAt: 1, _id: 1 }).lean();
  expect(second).toHaveLength(4);
  expect(second[3]).toMatchObject({ origin: 'installment_overdue', text: '合同 HT-2025-0001 第 2 期回款逾期：¥30,000.00 应于 2025-03-18 到账' });
  expect(await OutboxMessage.countDocuments({})).toBe(4);

  // The contract is extended: its new end date is a new occurrence, reminded once when it comes within 10 days.
  await Contract.updateOne({ _id: c1 }, { $set: { endDate: '2025-04-10' } });
  clock.set(sh('2025-03-20 08:50'));
  await tickMinutes(1);
  expect(await Reminder.countDocuments({ tenantId, origin: 'contract_end' })).toBe(1);
  clock.set(sh('2025-03-31 08:50'));
  await tickMinutes(1);
  clock.set(sh('2025-04-01 08:50'));
  await tickMinutes(1);
  const ends = await Reminder.find({ tenantId, origin: 'contract_end' }).sort({ createdAt: 1 }).lean();
  expect(ends.map((r) => r.dedupeKey)).toEqual([`contract_end:${String(c1)}:2025-03-25`, `contract_end:${String(c1)}:2025-04-10`]);
  expect(ends[1]!.text).toContain('将于 2025-04-10 到期（还有 10 天）');
});
