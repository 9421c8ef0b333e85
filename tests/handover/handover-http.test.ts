import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../src/crm/models/activity.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Deal } from '../../src/crm/models/deal.js';
import { Handover } from '../../src/crm/models/handover.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Staff } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { Ticket } from '../../src/crm/models/ticket.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token: Record<string, string> = {};
const staffId: Record<string, string> = {};
let leaversClient: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  token.root = await app.login('root', 'admin');
  token.lilei = await app.login('lilei', 'sales', ['华东']);
  token.hanmeimei = await app.login('hanmeimei', 'sales', ['华东']);
  token.lucy = await app.login('lucy', 'sales', ['华北']);
  token.boss = await app.login('boss', 'manager', ['华东']);
  token.left = await app.login('left', 'sales', ['华东']);
  const otherTenant = await Tenant.create({ slug: 'other-co', name: 'Other Co', timezone: 'Asia/Shanghai' });
  token.other = await app.login('other', 'admin', [], String(otherTenant._id));
  for (const userId of ['root', 'lilei', 'hanmeimei', 'lucy', 'boss', 'left', 'other']) staffId[userId] = String((await Staff.findOne({ userId }).lean())!._id);
  leaversClient = await clientOf('left', '离职客户');
  expect((await req('root', 'PATCH', `/api/admin/staff/${staffId.left}`, { active: false })).status).toBe(200);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const req = (who: string, method: string, path: string, body?: unknown) => app.request(method, path, { token: token[who], body });

async function clientOf(owner: string, name: string): Promise<string> {
  const res = await req('root', 'POST', '/api/customers', { name, ownerId: staffId[owner] });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function writesSoFar() {
  return { handovers: await Handover.countDocuments(), handoverActivities: await Activity.countDocuments({ type: 'handover' }), owners: (await Customer.find({}, { ownerId: 1 }).sort({ _id: 1 }).lean()).map((c) => String(c.ownerId)) };
}

test('bad input is refused with a clear error and nothing is written', async () => {
  await clientOf('lilei', '坏输入客户');
  const before = await writesSoFar();
  const post = (who: string, body: unknown) => req(who, 'POST', '/api/admin/handovers', body);

  const inactive = await post('root', { fromUserId: 'lilei', toUserId: 'left' });
  expect(inactive.status).toBe(400);
  expect(inactive.body.error.message).toMatch(/toStaffId: .*has left the company/);
  const same = await post('root', { fromUserId: 'lilei', toStaffId: staffId.lilei });
  expect(same.status).toBe(400);
  expect(same.body.error.message).toMatch(/toStaffId: the successor must be someone else/);
  const otherTenant = await post('root', { fromUserId: 'lilei', toStaffId: staffId.other });
  expect(otherTenant.status).toBe(404);
  expect(otherTenant.body.error.message).toMatch(/staff member \(toStaffId\) not found/);
  expect((await post('root', { fromUserId: 'lilei' })).body.error.message).toMatch(/toStaffId: give exactly one/);
  expect((await post('root', { fromUserId: 'lilei', toUserId: 'hanmeimei', customerIds: ['nope'] })).body.error.message).toMatch(/customerIds/);
  expect((await post('root', { fromUserId: 'lilei', toUserId: 'hanmeimei', customerIds: [new Types.ObjectId().toHexString()] })).body.error.message).toMatch(/customerIds: .* not owned by/);
  expect((await post('root', { fromUserId: 'lilei', toUserId: 'hanmeimei', colour: 'red' })).status).toBe(400);
  // Another company's admin does not see our members at all.
  expect((await post('other', { fromStaffId: staffId.lilei, toStaffId: staffId.hanmeimei })).status).toBe(404);
  // Sales may not hand over; a manager only within their departments.
  expect((await post('lilei', { fromUserId: 'lilei', toUserId: 'hanmeimei' })).status).toBe(403);
  expect((await post('boss', { fromUserId: 'lilei', toUserId: 'lucy' })).status).toBe(403);

  expect(await writesSoFar()).toEqual(before);
});

test('a dry run previews; the run moves ownership, open reminders, deals and tickets, writes the timeline, and re-running moves nothing twice', async () => {
  const moving = await clientOf('hanmeimei', '移交一号');
  const second = await clientOf('hanmeimei', '移交二号');
  const staying = await clientOf('hanmeimei', '不移交');
  const due = new Date(Date.now() + 86_400_000).toISOString();
  const openReminder = (await req('hanmeimei', 'POST', '/api/reminders', { customerId: moving, dueAt: due, text: '回访' })).body.id as string;
  const doneReminder = (await req('hanmeimei', 'POST', '/api/reminders', { customerId: moving, dueAt: due, text: '已完成' })).body.id as string;
  expect((await req('hanmeimei', 'POST', `/api/reminders/${doneReminder}/complete`)).status).toBe(200);
  const openDeal = (await req('hanmeimei', 'POST', '/api/deals', { customerId: moving, title: '年度采购', amount: 100_000 })).body.id as string;
  const wonDeal = (await req('hanmeimei', 'POST', '/api/deals', { customerId: moving, title: '已赢单', amount: 5_000 })).body;
  expect((await req('hanmeimei', 'PATCH', `/api/deals/${wonDeal.id}`, { stage: 'won', version: wonDeal.version })).status).toBe(200);
  const ticket = await req('hanmeimei', 'POST', '/api/tickets', { customerId: second, title: '打印机卡纸', priority: 'high' });
  expect(ticket.status).toBe(201);
  await Ticket.updateOne({ _id: ticket.body.id }, { $set: { assigneeId: new Types.ObjectId(staffId.hanmeimei) } });

  const body = { fromUserId: 'hanmeimei', toUserId: 'lilei', customerIds: [moving, second] };
  const preview = await req('boss', 'POST', '/api/admin/handovers', { ...body, dryRun: true });
  expect(preview.status).toBe(200);
  expect(preview.body).toMatchObject({ id: null, dryRun: true, kind: 'in_service', counts: { total: 2, pending: 2 } });
  expect(preview.body.items.map((i: { customerName: string }) => i.customerName)).toEqual(['移交一号', '移交二号']);
  expect(await Handover.countDocuments()).toBe(0);
  expect(String((await Customer.findById(moving).lean())!.ownerId)).toBe(staffId.hanmeimei);

  const run = await req('boss', 'POST', '/api/admin/handovers', body);
  expect(run.status).toBe(201);
  expect(run.body).toMatchObject({ counts: { total: 2, moved: 2, failed: 0 }, kind: 'in_service' });
  expect(run.body.note).toMatch(/CRM ownership/);
  expect(run.body.items[0]).toMatchObject({ status: 'moved', reason: null, moved: { reminders: 1, deals: 1, tickets: 0 } });

  const owner = async (id: string) => String((await Customer.findById(id).lean())!.ownerId);
  expect([await owner(moving), await owner(second), await owner(staying)]).toEqual([staffId.lilei, staffId.lilei, staffId.hanmeimei]);
  expect(String((await Reminder.findById(openReminder).lean())!.staffId)).toBe(staffId.lilei);
  expect(String((await Reminder.findById(doneReminder).lean())!.staffId)).toBe(staffId.hanmeimei);
  expect(String((await Deal.findById(openDeal).lean())!.ownerId)).toBe(staffId.lilei);
  expect(String((await Deal.findById(wonDeal.id).lean())!.ownerId)).toBe(staffId.hanmeimei);
  expect(String((await Ticket.findById(ticket.body.id).lean())!.assigneeId)).toBe(staffId.lilei);

  const timeline = (await req('lilei', 'GET', `/api/customers/${moving}/activities`)).body.items as { type: string; content: string }[];
  expect(timeline.filter((a) => a.type === 'handover').map((a) => a.content)).toEqual(['客户由 hanmeimei 交接给 lilei']);
  expect(await AuditLog.countDocuments({ action: 'customer.handover' })).toBe(2);

  // Retrying a finished handover is refused; handing the same clients over again changes nothing more.
  expect((await req('boss', 'POST', `/api/admin/handovers/${run.body.id}/retry`)).status).toBe(409);
  const again = await req('boss', 'POST', '/api/admin/handovers', { fromUserId: 'hanmeimei', toUserId: 'lilei' });
  expect(again.body.items.map((i: { customerName: string }) => i.customerName)).toEqual(['不移交']);
  expect(await Activity.countDocuments({ customerId: new Types.ObjectId(moving), type: 'handover' })).toBe(1);
  expect(String((await Reminder.findById(openReminder).lean())!.staffId)).toBe(staffId.lilei);

  const listed = (await req('boss', 'GET', '/api/admin/handovers')).body.items;
  expect(listed).toHaveLength(2);
  expect((await req('boss', 'GET', `/api/admin/handovers/${run.body.id}`)).body).toMatchObject({ id: run.body.id, counts: { moved: 2 } });
  expect((await req('other', 'GET', `/api/admin/handovers/${run.body.id}`)).status).toBe(404);
  expect((await req('lilei', 'GET', '/api/admin/handovers')).status).toBe(403);
});

test("a leaver's clients go to a successor as 离职继承 and the transfer flag is cleared", async () => {
  const c = leaversClient;
  expect((await Customer.findById(c).lean())!.needsTransfer).toBe(true);
  const run = await req('root', 'POST', '/api/admin/handovers', { fromUserId: 'left', toUserId: 'lucy' });
  expect(run.body).toMatchObject({ kind: 'resigned', counts: { total: 1, moved: 1 } });
  const after = (await Customer.findById(c).lean())!;
  expect([String(after.ownerId), after.needsTransfer]).toEqual([staffId.lucy, false]);
});
