import type { Types } from 'mongoose';
import type { ContactChange } from './contact-changes.js';
import type { ExternalContactDoc } from './external-contact-model.js';
import { mutateContact } from './mutate-contact.js';
import { settleContact, type SettleOptions } from './settle-contact.js';

/**
 * The one entry point for WeCom-originated changes: apply the change to the contact document
 * (atomically, with its timeline entries), then settle binding, timeline and collaborators.
 */
export async function recordContactChange(
  tenantId: Types.ObjectId,
  externalUserId: string,
  change: ContactChange,
  options: SettleOptions = {},
): Promise<ExternalContactDoc> {
  const contact = await mutateContact(tenantId, externalUserId, (draft) => change(draft));
  return settleContact(contact, options);
}
