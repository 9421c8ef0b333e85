import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import type { ExternalContactDoc, FollowRelation } from './external-contact-model.js';

/** The contact's remark mobiles (every follower's), normalized, each once. */
export function contactPhones(contact: Pick<ExternalContactDoc, 'followUsers'>): string[] {
  const phones = contact.followUsers.flatMap((f) => f.remarkMobiles ?? []).map(normalizePhone);
  return [...new Set(phones.filter((p) => p.length >= 5))];
}

export interface CustomerDefaults {
  name: string;
  company?: string;
  /** Remark mobiles no live customer has yet (one that has it is a binding candidate instead). */
  phones: string[];
}

/**
 * What a customer made from a WeCom contact starts with: the salesperson's remark or the WeChat
 * name (or a placeholder), the contact's company, its free remark mobiles.
 */
export async function customerDefaultsFromContact(
  tenantId: Types.ObjectId,
  contact: ExternalContactDoc,
  relation: FollowRelation | undefined,
): Promise<CustomerDefaults> {
  const name = (relation?.remark?.trim() || contact.name.trim() || `企业微信客户${contact.externalUserId.slice(-6)}`).slice(0, 100);
  const company = (contact.corpName || relation?.remarkCorpName || '').slice(0, 200) || undefined;
  const wanted = contactPhones(contact);
  const taken = wanted.length
    ? new Set((await Customer.find({ tenantId, deletedAt: null, phones: { $in: wanted } }, { phones: 1 }).lean()).flatMap((c) => c.phones))
    : new Set<string>();
  return { name, ...(company ? { company } : {}), phones: wanted.filter((p) => !taken.has(p)) };
}
