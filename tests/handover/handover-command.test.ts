import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Handover } from '../../src/crm/models/handover.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import { createLogger } from '../../src/logger.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let lilei: StaffDoc;
let hanmeimei: StaffDoc;
let mgr: StaffDoc;
let seq = 0;

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await Tenant.create({ slug: 'handover-cmd', name: 'Handover', timezone: 'Asia/Shanghai' }))._id;
  lilei = await Staff.create({ tenantId, userId: 'lilei', name: '李雷', role: 'sales', departments: ['华东'] });
  hanmeimei = await Staff.create({ tenantId, userId: 'hanmeimei', name: '韩梅梅', role: 'sales', departments: ['华东'] });
  mgr = await Staff.create({ tenantId, userId: 'mgr', name: '王经理', role: 'manager', departments: ['华东'] });
  for (const name of ['甲公司', '乙公司', '丙公司']) {
    await createCustomer({ tenantId, staffId: lilei._id, role: 'sales', departments: ['华东'], source: 'import' }, { name });
  }
  // 李雷 has left: a leaver is still found by name for the handover.
  await Staff.updateOne({ _id: lilei._id }, { $set: { active: false } });
});
afterAll(async () => {
  await db.drop();
});

async function run(who: StaffDoc, text: string): Promise<{ status: string; text: string }> {
  const outcome = await runCommandForStaff(
    { tenantId, platform: 'wecom', staff: who, platformUserId: who.userId, text, eventKey: `handover:${++seq}`, receivedAt: new Date() },
    { logger: createLogger('silent'), defaultTimeZone: 'Asia/Shanghai', renderers: renderersUnderTest() },
  );
  const body = outcome.reply;
  return { status: outcome.status, text: body.type === 'text' ? body.text : body.type === 'markdown' ? body.markdown : JSON.stringify(body) };
}

test('/交接 previews the count and asks to confirm; with 确认 the clients move; sales may not', async () => {
  const refused = await run(hanmeimei, '/交接 李雷 韩梅梅');
  expect(refused.status).toBe('rejected');
  expect(await Handover.countDocuments()).toBe(0);

  const preview = await run(mgr, '/交接 李雷 韩梅梅');
  expect(preview.status).toBe('ok');
  expect(preview.text).toContain('将把 李雷 的 3 位客户交接给 韩梅梅');
  expect(preview.text).toContain('/交接 李雷 韩梅梅 确认');
  expect(await Handover.countDocuments()).toBe(0);
  expect(await Customer.countDocuments({ tenantId, ownerId: lilei._id })).toBe(3);

  const done = await run(mgr, '/交接 李雷 韩梅梅 确认');
  expect(done.text).toContain('已把 李雷 的 3 位客户交接给 韩梅梅');
  expect(await Customer.countDocuments({ tenantId, ownerId: hanmeimei._id })).toBe(3);
  expect(await Activity.countDocuments({ tenantId, type: 'handover' })).toBe(3);
  expect((await Handover.findOne().lean())!.kind).toBe('resigned');

  // The successor must be active: 李雷 left, so nobody hands clients to him.
  const back = await run(mgr, '/交接 韩梅梅 李雷 确认');
  expect(back.status).not.toBe('ok');
  expect(await Customer.countDocuments({ tenantId, ownerId: hanmeimei._id })).toBe(3);
  expect((await run(mgr, '/交接 李雷 韩梅梅')).text).toContain('李雷 名下没有可交接的客户');
});
