import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/crm/actor.js';
import { systemActor } from '../../src/crm/actor.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { Ticket } from '../../src/crm/models/ticket.js';
import { upsertStaff } from '../../src/crm/staff/upsert-staff.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import { createLogger } from '../../src/logger.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { useTestDatabase } from '../support/test-db.js';

const ZONE = 'Asia/Shanghai';
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let wang: StaffDoc;
let li: StaffDoc;
let customerId: Types.ObjectId;
let seq = 0;

const text = (b: MessageBody) => (b.type === 'text' ? b.text : b.type === 'markdown' ? b.markdown : [b.card.title, ...(b.card.lines ?? [])].join('\n'));
async function run(staff: StaffDoc, line: string, now = new Date()) {
  const outcome = await runCommandForStaff(
    { tenantId, platform: 'wecom', staff, platformUserId: staff.userId, text: line, eventKey: `ticket-cmd:${++seq}`, receivedAt: now },
    { logger: createLogger('silent'), defaultTimeZone: ZONE, renderers: renderersUnderTest(), now: () => now },
  );
  return { status: outcome.status, text: text(outcome.reply) };
}

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await Tenant.create({ slug: `t-${new Types.ObjectId().toHexString()}`, name: '测试公司', timezone: ZONE }))._id;
  const sys = systemActor(tenantId, 'import');
  wang = await upsertStaff(sys, tenantId, { userId: 'wang', name: '王销售', role: 'sales', departments: ['east'] });
  li = await upsertStaff(sys, tenantId, { userId: 'li', name: '李销售', role: 'sales', departments: ['west'] });
  const asWang: Actor = { tenantId, staffId: wang._id, role: 'sales', departments: ['east'], source: 'import', name: wang.name };
  customerId = (await createCustomer(asWang, { name: '张三' }))._id;
});
afterAll(async () => {
  await db.drop();
});

describe('/工单 /解决 and open tickets in /客户', () => {
  test('/工单 opens a ticket for the customer, assigned to the sender, due by the SLA', async () => {
    const opened = await run(wang, '/工单 张三 打印机卡纸');
    expect(opened.status).toBe('ok');
    expect(opened.text).toContain('✅ 已开工单 T-0001：打印机卡纸');
    expect(opened.text).toContain('客户：张三（');
    expect(opened.text).toContain('优先级：普通');
    const ticket = await Ticket.findOne({ tenantId, number: 'T-0001' }).lean();
    expect(ticket).toMatchObject({ title: '打印机卡纸', status: 'new', priority: 'normal' });
    expect(String(ticket!.assigneeId)).toBe(String(wang._id));
    expect(await Activity.countDocuments({ tenantId, customerId, type: 'ticket_opened', source: 'command' })).toBe(1);

    const urgent = await run(wang, '/ticket 张三 urgent server down');
    expect(urgent.text).toContain('Ticket T-0002 opened: server down');
    expect(urgent.text).toContain('Priority: urgent');
    expect((await Ticket.findOne({ tenantId, number: 'T-0002' }).lean())!.priority).toBe('urgent');
  });

  test('/工单 alone lists my open tickets, overdue ones marked; others see none of mine', async () => {
    const later = new Date(Date.now() + 5 * 3600_000); // past the urgent ticket's 4 hours, within normal's 24
    const mine = await run(wang, '/工单', later);
    expect(mine.text).toContain('我的未完结工单（2，超时 1）');
    const lines = mine.text.split('\n');
    expect(lines[1]).toMatch(/^1\. T-0002 server down · 新建 · 紧急 · ⚠️ 已超时/);
    expect(lines[2]).toMatch(/^2\. T-0001 打印机卡纸 · 新建 · 应于 /);
    const lis = await run(li, '/工单');
    expect(lis.text).toBe('你没有未完结的工单。开工单：/工单 <客户> <问题>');
  });

  test('/客户 shows the open tickets first', async () => {
    const card = await run(wang, '/客户 张三');
    const lines = card.text.split('\n');
    expect(lines[1]).toBe('🛠 未完结工单（2）：');
    expect(lines[2]).toMatch(/^T-0002 server down · 新建 · 紧急 · 应于/);
    expect(lines[3]).toMatch(/^T-0001 打印机卡纸 · 新建 · 应于/);
    expect(lines[4]).toBe('还没有跟进记录。');
  });

  test('/解决 resolves with a note on the timeline; twice, unknown or out of scope is a clear reply', async () => {
    const done = await run(wang, '/解决 T-0001 已更换滚轮');
    expect(done.status).toBe('ok');
    expect(done.text).toBe('✅ 工单 T-0001 已解决：打印机卡纸\n处理说明：已更换滚轮');
    const t = await Ticket.findOne({ tenantId, number: 'T-0001' }).lean();
    expect(t!.status).toBe('resolved');
    const entry = await Activity.findOne({ tenantId, type: 'ticket_status_changed' }).lean();
    expect(entry).toMatchObject({ content: '已更换滚轮', data: { from: 'new', to: 'resolved', number: 'T-0001' } });

    const again = await run(wang, '/resolve 1 done again');
    expect(again.text).toBe('⚠️ Ticket T-0001 is already resolved.');
    expect(await Activity.countDocuments({ tenantId, type: 'ticket_status_changed' })).toBe(1);

    expect((await run(wang, '/解决 T-0099')).text).toBe('没有找到工单。');
    // Li cannot see Wang's customer or tickets: the same answer as a ticket that does not exist.
    expect((await run(li, '/解决 T-0002 关掉')).text).toBe('没有找到工单。');
    expect((await Ticket.findOne({ tenantId, number: 'T-0002' }).lean())!.status).toBe('new');

    const card = await run(wang, '/客户 张三');
    expect(card.text).toContain('🛠 未完结工单（1）：');
    expect(card.text).not.toContain('T-0001');
  });

  test('/工单 with a customer only lists that customer’s open tickets; a missing argument says what to type', async () => {
    const listed = await run(wang, '/工单 张三');
    expect(listed.text.split('\n')).toEqual([expect.stringContaining('张三（'), expect.stringMatching(/^· T-0002 server down/)]);
    const missing = await run(wang, '/解决');
    expect(missing.status).not.toBe('ok');
    expect(missing.text).toContain('工单号');
  });
});
