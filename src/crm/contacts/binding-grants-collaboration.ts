import type { BindReason } from './external-contact-model.js';

/**
 * Whether a contact's followers may become collaborators of its customer. Only a binding someone
 * vouched for grants access: the contact created the customer, WeCom says it is the same person
 * (unionid), or a user with access linked it. A remark mobile is free text any salesperson types:
 * a phone match binds (the owner sees the contact) but gives the followers nothing.
 */
export function bindingGrantsCollaboration(reason: BindReason | null | undefined): boolean {
  return reason === 'created' || reason === 'unionid' || reason === 'manual';
}
