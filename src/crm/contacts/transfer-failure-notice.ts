import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { Staff } from '../models/staff.js';
import type { ExternalContactDoc } from './external-contact-model.js';

export interface TransferFailureNotice {
  /** Platform user id of whom to tell. */
  recipientUserId: string;
  customerName: string;
}

/**
 * Whom to tell that a transfer (在职继承) failed, and under which name: the owner of the live
 * customer the contact is bound to, if they are active; otherwise the takeover member. A
 * soft-deleted customer counts as none.
 */
export async function transferFailureNotice(
  tenantId: Types.ObjectId,
  contact: Pick<ExternalContactDoc, 'customerId' | 'name' | 'externalUserId'>,
  takeoverUserId: string,
): Promise<TransferFailureNotice> {
  const notice = { recipientUserId: takeoverUserId, customerName: contact.name || contact.externalUserId };
  if (!contact.customerId) return notice;
  const customer = await Customer.findOne({ _id: contact.customerId, tenantId, deletedAt: null }, { ownerId: 1, name: 1 }).lean();
  if (!customer) return notice;
  const owner = await Staff.findOne({ _id: customer.ownerId, tenantId, active: true }, { userId: 1 }).lean();
  return { recipientUserId: owner?.userId ?? takeoverUserId, customerName: customer.name };
}
