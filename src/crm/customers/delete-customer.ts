import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Conflict, Forbidden } from '../../errors.js';
import { Contract } from '../models/contract.js';
import { recordAudit } from '../record-audit.js';
import { findCustomerInScope } from './find-customer-in-scope.js';
import { can } from '../permissions/access-of.js';

/** Soft delete: the record and its timeline stay for the audit trail but vanish from every query. */
export async function deleteCustomer(actor: Actor, customerId: string | Types.ObjectId): Promise<void> {
  const customer = await findCustomerInScope(actor, customerId);
  if (!can(actor, 'customers', 'admin') && !customer.ownerId.equals(actor.staffId!)) {
    throw new Forbidden('only the owner, a manager or an admin can delete this customer');
  }
  const contracts = await Contract.countDocuments({ tenantId: actor.tenantId, customerId: customer._id });
  if (contracts > 0) throw new Conflict(`this customer has ${contracts} contract(s); contracts stay on record, so the customer cannot be deleted`);
  const before = customer.toObject();
  customer.deletedAt = new Date();
  await customer.save();
  await recordActivity(actor, { customerId: customer._id, type: 'deleted' });
  await recordAudit(actor, { action: 'customer.delete', entity: 'customer', entityId: customer._id, before, after: customer.toObject() });
}
