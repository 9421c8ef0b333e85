import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Staff } from '../../src/crm/models/staff.js';
import { Ticket } from '../../src/crm/models/ticket.js';
import { ticketSlaJob } from '../../src/features/tickets/ticket-sla-job.js';
import { createManualClock } from '../../src/jobs/clock.js';
import { createReminderJob } from '../../src/jobs/run-reminders.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

type Who = 'alice' | 'bob' | 'carol' | 'dave';
const people: Record<Who, { role: 'sales' | 'manager' | 'admin'; departments: string[] }> = {
  alice: { role: 'sales', departments: ['east'] },
  bob: { role: 'sales', departments: ['west'] },
  carol: { role: 'manager', departments: ['east'] },
  dave: { role: 'sales', departments: ['east'] },
};
const HOUR = 3600_000;
const { outbox } = outboxUnderTest();
const logger = createLogger('silent');

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token = {} as Record<Who, string>;
let printerJam: string;
let westTicket: string;
let resolvedTicket: string;
let start: number;

const req = (who: Who, method: string, path: string, body?: unknown) => app.request(method, path, { token: token[who], body });

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  for (const [who, p] of Object.entries(people) as [Who, (typeof people)[Who]][]) token[who] = await app.login(who, p.role, p.departments);
  const open = async (who: Who, customer: string, title: string, priority: string) => {
    const c = await req(who, 'POST', '/api/customers', { name: customer });
    const t = await req(who, 'POST', '/api/tickets', { customerId: c.body.id, title, priority });
    expect(t.status).toBe(201);
    return t.body.id as string;
  };
  start = Date.now();
  printerJam = await open('alice', '杭州打印科技', '打印机卡纸', 'urgent'); // due in 4 h
  westTicket = await open('bob', '广州贸易', '发票错误', 'urgent');
  resolvedTicket = await open('alice', '宁波纸业', '网络不通', 'urgent');
  await req('alice', 'POST', `/api/tickets/${resolvedTicket}/status`, { status: 'resolved' });
  await open('alice', '温州鞋业', '鞋码不对', 'normal'); // due in 24 h: not breached in this test
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('SLA breaches', () => {
  test('one reminder to the assignee per breach, however often and on however many instances the job runs; a reopened ticket can breach again', async () => {
    const clock = createManualClock(new Date(start + 5 * HOUR));
    const jobs = () => [ticketSlaJob(), createReminderJob({ defaultChannel: 'wecom', renderers: renderersUnderTest(), outbox, logger })];
    const instances = ['s1', 's2', 's3'].map((instanceId) => createScheduler({ instanceId, clock, jobs: jobs() }));
    const tick = async () => {
      await Promise.all(instances.map((s) => s.tick(clock.now())));
      clock.advance(60_000);
    };
    // The job itself, twice in a row and twice at once.
    await ticketSlaJob().run({ now: clock.now(), instanceId: 'x', stillLeader: async () => true });
    await ticketSlaJob().run({ now: clock.now(), instanceId: 'x', stillLeader: async () => true });
    await Promise.all([1, 2].map(() => ticketSlaJob().run({ now: clock.now(), instanceId: 'y', stillLeader: async () => true })));
    await tick();
    await tick();

    const reminders = await Reminder.find({ origin: 'ticket_sla' }).sort({ _id: 1 }).lean();
    expect(reminders).toHaveLength(2);
    const jam = await Ticket.findById(printerJam).lean();
    const mine = reminders.find((r) => r.dedupeKey.startsWith(`ticket_sla:${printerJam}:`))!;
    expect(String(mine.staffId)).toBe(String(jam!.assigneeId));
    expect(mine.text).toMatch(/^工单 T-0001「打印机卡纸」已超时（应于 .+ 前解决）$/);
    expect(reminders.some((r) => r.dedupeKey.startsWith(`ticket_sla:${westTicket}:`))).toBe(true);
    expect(reminders.some((r) => r.dedupeKey.includes(resolvedTicket))).toBe(false);

    // Delivered once each by the reminder pipeline, with the automatic-reminder note.
    const sent = await OutboxMessage.find({ dedupeKey: { $in: reminders.map((r) => `reminder:${String(r._id)}`) } }).lean();
    expect(sent).toHaveLength(2);
    const jamNotice = (sent.find((m) => m.dedupeKey === `reminder:${String(mine._id)}`)!.body as { text: string }).text;
    expect(jamNotice).toContain('⏰ 提醒：工单 T-0001「打印机卡纸」已超时');
    expect(jamNotice).toContain('（工单超时自动提醒）');

    // Even if the shortcut flag were lost, the dedupe key keeps it to one.
    await Ticket.updateMany({}, { $set: { slaReminded: false } });
    await tick();
    expect(await Reminder.countDocuments({ origin: 'ticket_sla' })).toBe(2);

    // Resolved and reopened: the SLA clock restarts; when it runs out again, a second reminder.
    await req('alice', 'POST', `/api/tickets/${printerJam}/status`, { status: 'resolved', note: '已更换滚轮' });
    const reopened = await req('alice', 'POST', `/api/tickets/${printerJam}/status`, { status: 'in_progress', note: '又卡纸了' });
    const newDue = new Date(reopened.body.dueAt).getTime();
    clock.set(new Date(newDue - 60_000));
    await tick();
    expect(await Reminder.countDocuments({ origin: 'ticket_sla', dedupeKey: { $regex: printerJam } })).toBe(1);
    clock.set(new Date(newDue + 60_000));
    await tick();
    await tick();
    const jamReminders = await Reminder.find({ origin: 'ticket_sla', dedupeKey: { $regex: printerJam } }).lean();
    expect(jamReminders.map((r) => r.dedupeKey).sort()).toEqual([`ticket_sla:${printerJam}:${jam!.dueAt.getTime()}`, `ticket_sla:${printerJam}:${newDue}`].sort());
  });

  test('the manager’s daily digest has a 工单超时 section of the team’s breached tickets only', async () => {
    const at = new Date(start + 5 * HOUR).toISOString();
    // Alice's ticket, reopened a moment after `start`, was due again at start + 4 h (+ seconds): breached by just under an hour.
    const again = await req('carol', 'GET', `/api/digests/preview?kind=daily&at=${encodeURIComponent(at)}`);
    expect(again.status).toBe(200);
    expect(again.body.stats.ticketBreaches).toMatchObject({ total: 1, top: [{ number: 'T-0001', title: '打印机卡纸', customerName: '杭州打印科技', assigneeName: 'alice' }] });
    expect(again.body.stats.ticketBreaches.top[0].hoursOverdue).toBe(0);
    expect(again.body.markdown).toContain('工单超时 1');
    expect(again.body.markdown).toContain('T-0001 打印机卡纸（杭州打印科技）');
    // Bob's (west) breach is not in the east manager's digest.
    expect(again.body.markdown).not.toContain('发票错误');

    // Nothing breached yet at the start: no section at all.
    const early = await req('carol', 'GET', `/api/digests/preview?kind=daily&at=${encodeURIComponent(new Date(start + HOUR).toISOString())}`);
    expect(early.body.stats.ticketBreaches).toBeUndefined();
    expect(early.body.markdown).not.toContain('工单超时');
  });

  test('a departed assignee’s breached ticket waits, and its new assignee is reminded', async () => {
    const run = () => ticketSlaJob().run({ now: new Date(), instanceId: 'z', stillLeader: async () => true });
    const daveId = (await req('dave', 'GET', '/api/me')).body.staff.id as string;
    const aliceId = (await req('alice', 'GET', '/api/me')).body.staff.id as string;
    const customer = (await req('carol', 'POST', '/api/customers', { name: '离职交接客户' })).body.id;
    const t = await req('carol', 'POST', '/api/tickets', { customerId: customer, title: '系统登录不了', assigneeId: daveId });
    expect(t.status).toBe(201);
    await Ticket.updateOne({ _id: t.body.id }, { $set: { dueAt: new Date(Date.now() - HOUR) } });
    await Staff.updateOne({ _id: daveId }, { $set: { active: false } });
    await run();
    expect(await Reminder.countDocuments({ dedupeKey: { $regex: t.body.id } })).toBe(0);

    expect((await req('carol', 'PATCH', `/api/tickets/${t.body.id}`, { assigneeId: aliceId })).status).toBe(200);
    await run();
    await run();
    const reminders = await Reminder.find({ dedupeKey: { $regex: t.body.id } }).lean();
    expect(reminders.map((r) => String(r.staffId))).toEqual([aliceId]);
  });
});
