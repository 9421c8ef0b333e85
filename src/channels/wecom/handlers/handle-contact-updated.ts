import { contactUpdated } from '../../../crm/contacts/contact-changes.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { readContactFromWecom } from '../read-contact-from-wecom.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';
import { contactEventOf, type WecomHandlerDeps } from './handler-deps.js';

/** edit_external_contact carries no diff: re-read remark, description, mobiles and tags. */
export function handleContactUpdated(deps: WecomHandlerDeps): InboxHandler<'contact.updated'> {
  return async (event) => {
    const e = contactEventOf(event, deps);
    const client = deps.client();
    const read = await readContactFromWecom(client, e.externalUserId, deps.now);
    const staff = await resolveWecomStaff(deps.tenantId, [e.staffUserId, ...(read?.followUsers.map((f) => f.userId) ?? [])], client);
    await recordContactChange(deps.tenantId, e.externalUserId, contactUpdated({ userId: e.staffUserId, at: e.at, eventKey: event.dedupeKey, read }, staffLookupOf(staff)));
  };
}
