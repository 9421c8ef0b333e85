import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { bindingGrantsCollaboration } from './binding-grants-collaboration.js';
import { contactPhones } from './customer-defaults-from-contact.js';
import { ExternalContact, type BindReason, type ExternalContactDoc } from './external-contact-model.js';

/**
 * The automatic binding rules: the same person (unionid) already bound through another contact
 * record, or a remark mobile equal to a live customer's phone. The oldest match wins, so every
 * worker reaches the same answer. A unionid match inherits an unverified (phone) binding: the
 * person is the same, but nobody verified that they are that customer.
 */
export async function matchCustomerForContact(
  tenantId: Types.ObjectId,
  contact: ExternalContactDoc,
): Promise<{ customerId: Types.ObjectId; reason: Extract<BindReason, 'unionid' | 'phone'> } | null> {
  if (contact.unionid) {
    const sameUnion = await ExternalContact.find(
      { tenantId, unionid: contact.unionid, customerId: { $ne: null }, _id: { $ne: contact._id } },
      { customerId: 1, bindReason: 1 },
    ).lean();
    const ids = sameUnion.map((c) => c.customerId).filter((id): id is Types.ObjectId => Boolean(id));
    if (ids.length > 0) {
      const live = await Customer.findOne({ tenantId, deletedAt: null, _id: { $in: ids } }, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
      if (live) {
        const verified = sameUnion.some((c) => c.customerId?.equals(live._id) && bindingGrantsCollaboration(c.bindReason));
        return { customerId: live._id, reason: verified ? 'unionid' : 'phone' };
      }
    }
  }
  const phones = contactPhones(contact);
  if (phones.length > 0) {
    const byPhone = await Customer.findOne({ tenantId, deletedAt: null, phones: { $in: phones } }, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
    if (byPhone) return { customerId: byPhone._id, reason: 'phone' };
  }
  return null;
}
