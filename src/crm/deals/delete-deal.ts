import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, Forbidden } from '../../errors.js';
import { Contract } from '../models/contract.js';
import { recordAudit } from '../record-audit.js';
import { mayManageCustomerPeople } from '../resolve-data-scope.js';
import { findDealInScope } from './find-deal-in-scope.js';

/** Soft delete by the owner, their manager or an admin; a deal a contract refers to stays. */
export async function deleteDeal(actor: Actor, dealId: string | Types.ObjectId): Promise<void> {
  const deal = await findDealInScope(actor, dealId);
  if (!(await mayManageCustomerPeople(actor, deal))) throw new Forbidden('only the deal owner, their manager or an admin can delete a deal');
  if ((await Contract.countDocuments({ tenantId: actor.tenantId, dealId: deal._id })) > 0) {
    throw new Conflict('this deal has contracts; close it as won or lost instead of deleting it');
  }
  const before = deal.toObject();
  deal.deletedAt = new Date();
  await deal.save();
  await recordAudit(actor, { action: 'deal.delete', entity: 'deal', entityId: deal._id, before, after: deal.toObject() });
}
