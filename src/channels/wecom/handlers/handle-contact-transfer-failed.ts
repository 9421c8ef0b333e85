import { describeTransferFailure, transferFailed } from '../../../crm/contacts/contact-changes.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import { transferFailureNotice } from '../../../crm/contacts/transfer-failure-notice.js';
import { failHandoverTransfer } from '../../../crm/handover/follow-handover-transfers.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';
import { contactEventOf, type WecomHandlerDeps } from './handler-deps.js';

/**
 * transfer_fail: on the timeline, the waiting handover items for the contact fail with the reason,
 * and the customer's owner is told (the takeover member if unbound).
 */
export function handleContactTransferFailed(deps: WecomHandlerDeps): InboxHandler<'contact.transfer_failed'> {
  return async (event) => {
    const e = contactEventOf(event, deps);
    const staff = await resolveWecomStaff(deps.tenantId, [e.staffUserId], deps.client());
    const contact = await recordContactChange(
      deps.tenantId,
      e.externalUserId,
      transferFailed({ userId: e.staffUserId, at: e.at, eventKey: event.dedupeKey, failReason: e.failReason }, staffLookupOf(staff)),
    );
    await failHandoverTransfer(deps.tenantId, { takeoverUserId: e.staffUserId, externalUserId: e.externalUserId, reason: e.failReason ?? 'unknown' });
    const { recipientUserId, customerName } = await transferFailureNotice(deps.tenantId, contact, e.staffUserId);
    await deps.outbox.enqueue({
      tenantId: event.tenantId,
      platform: 'wecom',
      to: { type: 'user', platformUserId: recipientUserId },
      body: {
        type: 'text',
        text: `客户「${customerName}」接替失败：${describeTransferFailure(e.failReason)}。请在企业微信「客户联系 → 在职继承」中查看并重新分配。`,
      },
      dedupeKey: `wecom:transfer-fail:${event.dedupeKey}`,
    });
  };
}
