import type { Types } from 'mongoose';
import { logFollowUp } from '../../../src/crm/activities/log-follow-up.js';
import { systemActor } from '../../../src/crm/actor.js';
import { bindContactToCustomer } from '../../../src/crm/contacts/bind-contact-to-customer.js';
import { contactRead, type ContactProfileInput, type StaffLookup } from '../../../src/crm/contacts/contact-changes.js';
import { mutateContact } from '../../../src/crm/contacts/mutate-contact.js';
import { createCustomer } from '../../../src/crm/customers/create-customer.js';
import { createReminder } from '../../../src/crm/reminders/create-reminder.js';
import type { StaffDoc } from '../../../src/crm/models/staff.js';
import { upsertStaff } from '../../../src/crm/staff/upsert-staff.js';
import { actorFor } from '../actor-for.js';

export interface SidebarScenario {
  userId: string;
  staffId: string;
  /** A contact bound to customer `boundCustomerId`, with `activities` follow-ups on its timeline. */
  boundExternalUserId: string;
  boundCustomerId: string;
  /** A contact the CRM has not linked yet; `candidateCustomerId` has the same name. */
  unboundExternalUserId: string;
  candidateCustomerId: string;
  /** Another unlinked contact, for the "create a customer from the WeCom profile" path. */
  freshExternalUserId: string;
}

const DAY = 86_400_000;

/**
 * Writes a WeCom read of a contact without settling it (no automatic binding), as it stands between
 * the callback being stored and the binding rules running — the state the sidebar's bind screen serves.
 */
async function storeContactRead(
  tenantId: Types.ObjectId,
  externalUserId: string,
  profile: ContactProfileInput,
  follows: { staff: StaffDoc; remark?: string; addedAt: Date }[],
): Promise<void> {
  const lookup: StaffLookup = {
    staffId: (userId) => follows.find((f) => f.staff.userId === userId)?.staff._id ?? null,
    name: (userId) => follows.find((f) => f.staff.userId === userId)?.staff.name ?? userId,
  };
  const read = {
    at: new Date(),
    profile,
    complete: true,
    followUsers: follows.map((f) => ({ userId: f.staff.userId, staffId: f.staff._id, remark: f.remark, addedAt: f.addedAt })),
  };
  await mutateContact(tenantId, externalUserId, (draft) => contactRead(read, lookup)(draft));
}

/** The people and records the sidebar tests and the benchmark open, created through the domain services. */
export async function seedSidebarScenario(
  tenantId: Types.ObjectId,
  options: { activities?: number; prefix?: string } = {},
): Promise<SidebarScenario> {
  const p = options.prefix ?? '';
  const system = systemActor(tenantId, 'api');
  const me = await upsertStaff(system, tenantId, { userId: `${p}wangxm`, name: '王小明', role: 'sales' });
  const colleague = await upsertStaff(system, tenantId, { userId: `${p}lina`, name: '李娜', role: 'sales' });
  const other = await upsertStaff(system, tenantId, { userId: `${p}zhaolei`, name: '赵磊', role: 'sales' });
  const actor = actorFor(me);

  const bound = await createCustomer(actor, {
    name: '张伟',
    company: '上海云帆科技有限公司',
    phones: ['13800138000'],
    stage: 'intent',
    level: 'A',
    tags: ['重点客户', '华东'],
    collaboratorIds: [String(colleague._id)],
  });
  const count = options.activities ?? 0;
  const now = Date.now();
  for (let i = count; i >= 1; i--) {
    await logFollowUp(actor, bound._id, {
      content: `第 ${count - i + 1} 次沟通：确认需求与预算`,
      channel: (['wechat', 'phone', 'visit'] as const)[i % 3],
      at: new Date(now - i * DAY / 2),
    });
  }
  await storeContactRead(tenantId, `${p}wmBound`, { name: '张伟', corpName: '上海云帆科技', type: 'wecom' }, [
    { staff: me, addedAt: new Date(now - 40 * DAY) },
    { staff: colleague, remark: '张总-云帆', addedAt: new Date(now - 30 * DAY) },
  ]);
  await bindContactToCustomer(actor, `${p}wmBound`, bound._id);

  const candidate = await createCustomer(actor, { name: '陈静', company: '杭州星河贸易', phones: ['13912345678'] });
  await createReminder(actor, { customerId: String(candidate._id), dueAt: new Date(now + 2 * DAY), text: '回访试用情况' });
  await storeContactRead(tenantId, `${p}wmUnbound`, { name: '陈静', type: 'wechat' }, [
    { staff: me, addedAt: new Date(now - DAY) },
    { staff: other, remark: '陈姐', addedAt: new Date(now - 2 * DAY) },
  ]);
  await storeContactRead(tenantId, `${p}wmFresh`, { name: '刘洋', corpName: '苏州启明制造', type: 'wecom' }, [
    { staff: me, addedAt: new Date(now - 3_600_000) },
  ]);

  return {
    userId: me.userId,
    staffId: String(me._id),
    boundExternalUserId: `${p}wmBound`,
    boundCustomerId: String(bound._id),
    unboundExternalUserId: `${p}wmUnbound`,
    candidateCustomerId: String(candidate._id),
    freshExternalUserId: `${p}wmFresh`,
  };
}
