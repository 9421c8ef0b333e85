import type { Types } from 'mongoose';
import { logFollowUp } from '../../src/crm/activities/log-follow-up.js';
import type { Actor } from '../../src/crm/actor.js';
import { bindContactToCustomer } from '../../src/crm/contacts/bind-contact-to-customer.js';
import { contactRead, type ContactProfileInput, type StaffLookup } from '../../src/crm/contacts/contact-changes.js';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { mutateContact } from '../../src/crm/contacts/mutate-contact.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { createReminder } from '../../src/crm/reminders/create-reminder.js';

/**
 * The WeCom external contacts of the demo, one per path of the sidebar, all added by the same
 * salesperson so one dev identity opens each (README lists the URLs):
 * - `bound`: bound to a customer with history (the customer card);
 * - `candidate`: not bound yet; a customer with the same name exists (confirm the binding);
 * - `unknown`: not bound and nothing matches (create a customer from the WeCom profile).
 * An id never stored (`notSynced`) shows the "contact not synced yet" screen.
 */
export const DEMO_CONTACTS = {
  bound: 'wmDemoBound',
  candidate: 'wmDemoCandidate',
  unknown: 'wmDemoUnknown',
  notSynced: 'wmDemoNotSynced',
} as const;

/** Names no random demo customer can have (the generator never combines these). */
export const DEMO_CONTACT_NAMES = { bound: '张伟伦', candidate: '林晓雯', unknown: '欧阳晨曦' } as const;

const DAY = 86_400_000;

export function demoActor(tenantId: Types.ObjectId, staff: StaffDoc): Actor {
  return { tenantId, staffId: staff._id, role: staff.role, departments: staff.departments, source: 'import', name: staff.name };
}

/**
 * A WeCom read of the contact, stored as the callback handler stores it, without the binding rules
 * run after it (they would create a customer for an unmatched contact): the state the sidebar's
 * bind and create screens serve.
 */
async function storeContactRead(
  tenantId: Types.ObjectId,
  externalUserId: string,
  profile: ContactProfileInput,
  follower: StaffDoc,
  addedAt: Date,
  remark?: string,
): Promise<void> {
  const lookup: StaffLookup = {
    staffId: (userId) => (userId === follower.userId ? follower._id : null),
    name: (userId) => (userId === follower.userId ? follower.name : userId),
  };
  const read = {
    at: new Date(),
    profile,
    complete: true,
    followUsers: [{ userId: follower.userId, staffId: follower._id, remark, addedAt }],
  };
  await mutateContact(tenantId, externalUserId, (draft) => contactRead(read, lookup)(draft));
}

/** Creates the three demo contacts (and the two customers they need); false when they exist already. */
export async function seedDemoContacts(tenantId: Types.ObjectId, rep: StaffDoc, now = new Date()): Promise<boolean> {
  if (await ExternalContact.exists({ tenantId, externalUserId: DEMO_CONTACTS.bound })) return false;
  const actor = demoActor(tenantId, rep);
  const t = now.getTime();

  const bound = await createCustomer(actor, {
    name: DEMO_CONTACT_NAMES.bound,
    company: '上海云帆科技有限公司',
    source: 'WeCom',
    industry: '软件',
    stage: 'intent',
    level: 'A',
    tags: ['VIP', '决策人'],
    contactCycleDays: 14,
  });
  const history = [
    { daysAgo: 12, channel: 'wechat', content: '添加企业微信，发送了产品介绍和案例' },
    { daysAgo: 6, channel: 'phone', content: '电话沟通需求：30 人销售团队，关注企业微信集成' },
    { daysAgo: 2, channel: 'meeting', content: '线上演示侧边栏和看板，客户要正式报价' },
  ] as const;
  for (const h of history) {
    const at = new Date(t - h.daysAgo * DAY);
    await logFollowUp(actor, bound._id, { content: h.content, channel: h.channel, at, nextFollowUpAt: new Date(t + 2 * DAY) });
  }
  await createReminder(actor, { customerId: String(bound._id), dueAt: new Date(t + DAY), text: '发送正式报价单' });
  await storeContactRead(tenantId, DEMO_CONTACTS.bound, { name: DEMO_CONTACT_NAMES.bound, corpName: '上海云帆科技', type: 'wecom' }, rep, new Date(t - 12 * DAY), '张总-云帆');
  await bindContactToCustomer(actor, DEMO_CONTACTS.bound, bound._id);

  await createCustomer(actor, { name: DEMO_CONTACT_NAMES.candidate, company: '杭州星河贸易有限公司', source: '展会', stage: 'lead' });
  await storeContactRead(tenantId, DEMO_CONTACTS.candidate, { name: DEMO_CONTACT_NAMES.candidate, type: 'wechat' }, rep, new Date(t - DAY));

  await storeContactRead(
    tenantId,
    DEMO_CONTACTS.unknown,
    { name: DEMO_CONTACT_NAMES.unknown, corpName: '苏州启明制造', position: '采购经理', type: 'wecom' },
    rep,
    new Date(t - 3_600_000),
  );
  return true;
}
