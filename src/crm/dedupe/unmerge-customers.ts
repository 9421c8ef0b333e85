import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Conflict, Forbidden, NotFound } from '../../errors.js';
import { Activity } from '../models/activity.js';
import { Customer } from '../models/customer.js';
import { recordAudit } from '../record-audit.js';
import { mayManageCustomerPeople } from '../resolve-data-scope.js';
import { DuplicatePair } from './duplicate-pair-model.js';
import { CUSTOMER_LINKED_COLLECTIONS } from './linked-collections.js';
import { compareIds } from './merge-customers.js';
import { MergeRecord } from './merge-record-model.js';

/**
 * Reverses a merge: the records it moved go back to the merged customer, both customers become
 * exactly what they were before (field by field, timestamps included), and the merge's timeline
 * entry goes. Changes made to the survivor after the merge are replaced by its earlier state; the
 * audit log keeps both sides. Records added to the survivor after the merge stay with it.
 */
export async function unmergeCustomers(actor: Actor, mergeId: string): Promise<{ survivorId: Types.ObjectId; mergedId: Types.ObjectId }> {
  if (!Types.ObjectId.isValid(mergeId)) throw new NotFound('merge');
  const record = await MergeRecord.findOne({ _id: new Types.ObjectId(mergeId), tenantId: actor.tenantId });
  if (!record) throw new NotFound('merge');
  const survivor = await findCustomerInScope(actor, record.survivorId);
  if (!(await mayManageCustomerPeople(actor, survivor))) throw new Forbidden('only the owner, their manager or an admin may undo this merge');
  const claimed = await MergeRecord.updateOne({ _id: record._id, undoneAt: null }, { $set: { undoneAt: new Date() } });
  if (claimed.modifiedCount !== 1) throw new Conflict('this merge was already undone');
  const survivorNow = survivor.toObject();

  const moved = record.moved as Record<string, string[]>;
  for (const [name, ids] of Object.entries(moved)) {
    const collection = CUSTOMER_LINKED_COLLECTIONS[name];
    if (!collection || ids.length === 0) continue;
    await collection().updateMany(
      { _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, customerId: record.survivorId },
      { $set: { customerId: record.mergedId } },
    );
  }
  if (record.activityId) await Activity.deleteOne({ _id: record.activityId, tenantId: actor.tenantId });
  // The survivor gives the merged customer's phones back before the merged customer takes them again.
  await Customer.collection.replaceOne({ _id: record.survivorId, tenantId: actor.tenantId }, record.survivorBefore as object);
  await Customer.collection.replaceOne({ _id: record.mergedId, tenantId: actor.tenantId }, record.mergedBefore as object);
  const [a, b] = [record.survivorId, record.mergedId].sort(compareIds);
  await DuplicatePair.updateOne({ tenantId: actor.tenantId, a, b, status: 'merged' }, { $set: { status: 'open' } });
  await recordAudit(actor, {
    action: 'unmerge',
    entity: 'customer',
    entityId: record.survivorId,
    before: survivorNow,
    after: { survivor: record.survivorBefore, merged: record.mergedBefore },
  });
  return { survivorId: record.survivorId, mergedId: record.mergedId };
}
