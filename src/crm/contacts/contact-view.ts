import type { Actor } from '../actor.js';
import { staffNames } from '../customers/customer-view.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { NotFound } from '../../errors.js';
import { Customer, type CustomerDoc } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { contactPhones } from './customer-defaults-from-contact.js';
import { ExternalContact, type ExternalContactDoc } from './external-contact-model.js';
import type { CustomerScope } from './find-contact-in-scope.js';

export interface FollowUserView {
  userId: string;
  staffId?: string;
  staffName?: string;
  remark?: string;
  description?: string;
  addedAt?: string;
  state?: string;
  status: 'active' | 'removed';
  /** Tags this salesperson put on the contact in WeCom (corp, personal or rule-based). */
  tags: { tagId: string; name: string; groupName?: string; type?: number }[];
}

/** The contact as the sidebar sees it (contract shared with the H5 page). */
export interface ContactView {
  externalUserId: string;
  name: string;
  avatar?: string;
  corpName?: string;
  type: 'wechat' | 'wecom' | 'unknown';
  unionid?: string;
  status: 'active' | 'removed';
  followUsers: FollowUserView[];
}

export type CandidateReason = 'unionid' | 'phone' | 'name';

export async function toContactView(contact: ExternalContactDoc): Promise<ContactView> {
  const names = await staffNames(contact.tenantId, contact.followUsers.flatMap((f) => (f.staffId ? [f.staffId] : [])));
  const opt = <K extends string>(key: K, value: string | undefined | null) => (value ? { [key]: value } : {}) as Partial<Record<K, string>>;
  return {
    externalUserId: contact.externalUserId,
    name: contact.name,
    ...opt('avatar', contact.avatar),
    ...opt('corpName', contact.corpName),
    type: contact.type,
    ...opt('unionid', contact.unionid),
    status: contact.status,
    followUsers: contact.followUsers.map((f) => ({
      userId: f.userId,
      ...opt('staffId', f.staffId ? String(f.staffId) : undefined),
      ...opt('staffName', f.staffId ? names.get(String(f.staffId)) : undefined),
      ...opt('remark', f.remark),
      ...opt('description', f.description),
      ...opt('addedAt', f.addedAt?.toISOString()),
      ...opt('state', f.state),
      status: f.status,
      tags: f.tags.map((t) => ({ tagId: t.tagId, name: t.name ?? t.tagId, ...opt('groupName', t.groupName), ...(t.type ? { type: t.type } : {}) })),
    })),
  };
}

/** The bound customer if the actor may see it (the sidebar offers binding only when there is none). */
export async function boundCustomerInScope(
  actor: Actor,
  contact: ExternalContactDoc,
  scope?: CustomerScope,
): Promise<CustomerDoc | null> {
  if (!contact.customerId) return null;
  return findCustomerInScope(actor, contact.customerId, scope).catch((error: unknown) => {
    if (error instanceof NotFound) return null;
    throw error;
  });
}

/**
 * Customers the actor could bind this contact to, best reason first: the same person through
 * another contact (unionid), a remark mobile equal to a customer phone, a name equal to the
 * WeChat name or a remark. At most `limit`, each customer once.
 */
export async function findBindingCandidates(
  actor: Actor,
  contact: ExternalContactDoc,
  options: { limit?: number; scope?: CustomerScope } = {},
): Promise<{ customer: CustomerDoc; reason: CandidateReason }[]> {
  const limit = options.limit ?? 10;
  const scope = options.scope ?? (await customerScopeFilter(actor));
  const out: { customer: CustomerDoc; reason: CandidateReason }[] = [];
  const seen = new Set<string>();
  const add = (customers: CustomerDoc[], reason: CandidateReason) => {
    for (const c of customers) {
      if (out.length >= limit || seen.has(String(c._id))) continue;
      seen.add(String(c._id));
      out.push({ customer: c, reason });
    }
  };
  if (contact.unionid) {
    const others = await ExternalContact.find(
      { tenantId: actor.tenantId, unionid: contact.unionid, customerId: { $ne: null }, _id: { $ne: contact._id } },
      { customerId: 1 },
    ).lean();
    const ids = others.map((o) => o.customerId).filter(Boolean);
    if (ids.length) add(await Customer.find({ ...scope, _id: { $in: ids } }).limit(limit), 'unionid');
  }
  const phones = contactPhones(contact);
  if (phones.length) add(await Customer.find({ ...scope, phones: { $in: phones } }).limit(limit), 'phone');
  const names = [...new Set([contact.name, ...contact.followUsers.map((f) => f.remark ?? '')].map((n) => n.trim()).filter(Boolean))];
  if (names.length) add(await Customer.find({ ...scope, name: { $in: names } }).sort({ updatedAt: -1 }).limit(limit), 'name');
  return out;
}
