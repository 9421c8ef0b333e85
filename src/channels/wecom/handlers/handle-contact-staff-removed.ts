import { contactRemoved } from '../../../crm/contacts/contact-changes.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';
import { contactEventOf, type WecomHandlerDeps } from './handler-deps.js';

/** del_follow_user: the customer deleted the salesperson; WeCom keeps the one-way relation. */
export function handleContactStaffRemoved(deps: WecomHandlerDeps): InboxHandler<'contact.staff_removed'> {
  return async (event) => {
    const e = contactEventOf(event, deps);
    const staff = await resolveWecomStaff(deps.tenantId, [e.staffUserId], deps.client());
    await recordContactChange(
      deps.tenantId,
      e.externalUserId,
      contactRemoved({ userId: e.staffUserId, at: e.at, eventKey: event.dedupeKey, removedBy: 'customer' }, staffLookupOf(staff)),
    );
  };
}
