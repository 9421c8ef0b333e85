import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Customer } from '../models/customer.js';
import { recordAudit } from '../record-audit.js';

/**
 * Marks every live customer owned by a departed staff member as needing a new owner (managers see
 * them in their transfer list; reassigning clears the flag). Idempotent: a customer already flagged
 * is left alone, and the timeline note is keyed by (staff, customer). Returns how many were flagged now.
 */
export async function flagCustomersForTransfer(actor: Actor, staffId: Types.ObjectId, staffName?: string): Promise<number> {
  const owned = await Customer.find(
    { tenantId: actor.tenantId, ownerId: staffId, deletedAt: null, needsTransfer: { $ne: true } },
    { _id: 1, ownerId: 1 },
  ).lean();
  let flagged = 0;
  for (const customer of owned) {
    const result = await Customer.updateOne(
      { _id: customer._id, tenantId: actor.tenantId, ownerId: staffId, needsTransfer: { $ne: true } },
      { $set: { needsTransfer: true } },
    );
    if (result.modifiedCount === 0) continue;
    flagged++;
    await recordActivity(actor, {
      customerId: customer._id,
      type: 'note',
      content: `负责人${staffName ? ` ${staffName} ` : ''}已离职，客户待转移`,
      data: { reason: 'owner_left', ownerId: String(staffId) },
      dedupeKey: `owner-left:${String(staffId)}:${String(customer._id)}`,
    });
    await recordAudit(actor, {
      action: 'customer.flag_transfer',
      entity: 'customer',
      entityId: customer._id,
      before: { ownerId: staffId, needsTransfer: false },
      after: { ownerId: staffId, needsTransfer: true },
    });
  }
  return flagged;
}
