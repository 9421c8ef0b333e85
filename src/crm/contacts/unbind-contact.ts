import type { Actor } from '../actor.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Conflict } from '../../errors.js';
import { recordAudit } from '../record-audit.js';
import { ExternalContact, type ExternalContactDoc } from './external-contact-model.js';
import { findContactInScope } from './find-contact-in-scope.js';

/**
 * Undoes a link between a WeCom contact and a customer (e.g. bound to the wrong 陈静): the contact
 * is unlinked again, the customer and its timeline stay. The actor must see both.
 * `customerId` names the link being undone, so a stale screen cannot unlink a newer one.
 */
export async function unbindContact(actor: Actor, externalUserId: string, customerId: string): Promise<ExternalContactDoc> {
  const contact = await findContactInScope(actor, externalUserId);
  if (!contact.customerId) throw new Conflict('customerId: this WeCom contact is not linked to a customer');
  if (String(contact.customerId) !== customerId) throw new Conflict('customerId: this WeCom contact is linked to another customer; reload');
  await findCustomerInScope(actor, contact.customerId);
  const unbound = await ExternalContact.findOneAndUpdate(
    { _id: contact._id, tenantId: actor.tenantId, customerId: contact.customerId },
    { $set: { customerId: null, bindReason: null, pendingCustomerId: null }, $inc: { version: 1 } },
    { new: true },
  ).lean<ExternalContactDoc>();
  if (!unbound) throw new Conflict('customerId: this WeCom contact was just changed; reload');
  await recordAudit(actor, {
    action: 'contact.unbind',
    entity: 'external_contact',
    entityId: contact._id,
    before: { customerId: contact.customerId, bindReason: contact.bindReason ?? null },
    after: { customerId: null, externalUserId: contact.externalUserId },
  });
  return unbound;
}
