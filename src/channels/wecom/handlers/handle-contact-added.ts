import { contactAdded } from '../../../crm/contacts/contact-changes.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { readContactFromWecom } from '../read-contact-from-wecom.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';
import { contactEventOf, type WecomHandlerDeps } from './handler-deps.js';

/** add_external_contact / add_half_external_contact: read the contact from WeCom, record, bind. */
export function handleContactAdded(deps: WecomHandlerDeps): InboxHandler<'contact.added'> {
  return async (event) => {
    const e = contactEventOf(event, deps);
    const client = deps.client();
    const read = await readContactFromWecom(client, e.externalUserId, deps.now);
    const staff = await resolveWecomStaff(deps.tenantId, [e.staffUserId, ...(read?.followUsers.map((f) => f.userId) ?? [])], client);
    await recordContactChange(
      deps.tenantId,
      e.externalUserId,
      contactAdded({ userId: e.staffUserId, at: e.at, eventKey: event.dedupeKey, state: e.state, half: e.half ?? false, read }, staffLookupOf(staff)),
    );
  };
}
