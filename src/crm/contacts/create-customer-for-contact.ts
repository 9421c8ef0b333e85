import { Types } from 'mongoose';
import { systemActor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { insertCustomerWithCode } from '../customers/insert-customer-with-code.js';
import { Customer } from '../models/customer.js';
import { recordAudit } from '../record-audit.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { customerDefaultsFromContact } from './customer-defaults-from-contact.js';
import type { ExternalContactDoc, FollowRelation } from './external-contact-model.js';

/** At most this many collaborators are added automatically (the customer API's limit too). */
export const MAX_COLLABORATORS = 20;

export function contactSource(owner: FollowRelation): string {
  return (owner.state ? `WeCom:${owner.state}` : 'WeCom').slice(0, 100);
}

/**
 * Creates the customer a new WeCom contact becomes: stage lead, owner = the earliest salesperson
 * who added them, other followers as collaborators. The id was chosen (and stored on the contact)
 * before, so a retry after a crash finds the customer instead of creating a second one.
 */
export async function createCustomerForContact(
  tenantId: Types.ObjectId,
  customerId: Types.ObjectId,
  contact: ExternalContactDoc,
  owner: FollowRelation & { staffId: Types.ObjectId },
): Promise<void> {
  if (await Customer.exists({ _id: customerId, tenantId })) return;
  const stages = await getTenantStages(tenantId);
  const stage = (stages.find((s) => s.key === 'lead') ?? stages[0]!).key;
  // A phone another live customer has would have bound the contact to that customer; never duplicate one.
  const { name, company, phones } = await customerDefaultsFromContact(tenantId, contact, owner);
  const collaborators = [
    ...new Set(
      contact.followUsers
        .filter((f) => f.status === 'active' && f.staffId && !f.staffId.equals(owner.staffId))
        .map((f) => String(f.staffId)),
    ),
  ].slice(0, MAX_COLLABORATORS);
  const source = contactSource(owner);
  try {
    const customer = await insertCustomerWithCode({
      _id: customerId,
      tenantId,
      name,
      company,
      phones,
      source,
      stage,
      tags: [],
      ownerId: owner.staffId,
      collaboratorIds: collaborators.map((id) => new Types.ObjectId(id)),
      customFields: {},
    });
    const actor = systemActor(tenantId, 'event');
    await recordActivity(actor, {
      customerId,
      type: 'created',
      data: { stage, source, externalUserId: contact.externalUserId },
      dedupeKey: `wecom:created:${String(customerId)}`,
      authorId: owner.staffId,
    });
    await recordAudit(actor, { action: 'customer.create', entity: 'customer', entityId: customerId, before: null, after: customer.toObject() });
  } catch (error) {
    // Another attempt with the same id won the race: the customer exists, which is all we need.
    if ((error as { code?: number }).code === 11000 && (await Customer.exists({ _id: customerId, tenantId }))) return;
    throw error;
  }
}
