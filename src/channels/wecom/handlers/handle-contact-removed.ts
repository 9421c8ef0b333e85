import { contactRemoved } from '../../../crm/contacts/contact-changes.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';
import { contactEventOf, type WecomHandlerDeps } from './handler-deps.js';

/**
 * del_external_contact: the salesperson deleted the customer (Source=DELETE_BY_TRANSFER when an
 * in-service transfer moved them away). The relation ends; the customer and its history stay.
 */
export function handleContactRemoved(deps: WecomHandlerDeps): InboxHandler<'contact.removed'> {
  return async (event) => {
    const e = contactEventOf(event, deps);
    const staff = await resolveWecomStaff(deps.tenantId, [e.staffUserId], deps.client());
    const removedBy = e.source === 'DELETE_BY_TRANSFER' ? 'transfer' : 'staff';
    await recordContactChange(
      deps.tenantId,
      e.externalUserId,
      contactRemoved({ userId: e.staffUserId, at: e.at, eventKey: event.dedupeKey, removedBy, source: e.source }, staffLookupOf(staff)),
    );
  };
}
