import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { contactPhones } from './create-customer-for-contact.js';
import { ExternalContact, type ExternalContactDoc } from './external-contact-model.js';

export type BindReason = 'unionid' | 'phone';

/**
 * The automatic binding rules: the same person (unionid) already bound through another contact
 * record, or a remark mobile equal to a live customer's phone. The oldest match wins, so every
 * worker reaches the same answer.
 */
export async function matchCustomerForContact(
  tenantId: Types.ObjectId,
  contact: ExternalContactDoc,
): Promise<{ customerId: Types.ObjectId; reason: BindReason } | null> {
  if (contact.unionid) {
    const sameUnion = await ExternalContact.find(
      { tenantId, unionid: contact.unionid, customerId: { $ne: null }, _id: { $ne: contact._id } },
      { customerId: 1 },
    ).lean();
    const ids = sameUnion.map((c) => c.customerId).filter((id): id is Types.ObjectId => Boolean(id));
    if (ids.length > 0) {
      const live = await Customer.findOne({ tenantId, deletedAt: null, _id: { $in: ids } }, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
      if (live) return { customerId: live._id, reason: 'unionid' };
    }
  }
  const phones = contactPhones(contact);
  if (phones.length > 0) {
    const byPhone = await Customer.findOne({ tenantId, deletedAt: null, phones: { $in: phones } }, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
    if (byPhone) return { customerId: byPhone._id, reason: 'phone' };
  }
  return null;
}
