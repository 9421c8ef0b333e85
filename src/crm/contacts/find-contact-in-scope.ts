import type { FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Customer, type CustomerRecord } from '../models/customer.js';
import { customerScopeFilter, visibleStaffIds } from '../resolve-data-scope.js';
import type { ExternalContactDoc } from './external-contact-model.js';
import { loadContact } from './mutate-contact.js';

/** The actor's customer scope, computed once per request by the caller that also needs it. */
export type CustomerScope = FilterQuery<CustomerRecord>;

/**
 * A contact the actor may see: admins see all; a salesperson sees the contacts they follow; a
 * manager those followed by their departments; anyone sees the contact of a customer in their
 * scope. Anything else is "not found" (no existence leak).
 */
export async function findContactInScope(actor: Actor, externalUserId: string, scope?: CustomerScope): Promise<ExternalContactDoc> {
  const contact = await loadContact(actor.tenantId, externalUserId);
  if (!contact || !(await canSeeContact(actor, contact, scope))) throw new NotFound('contact');
  return contact;
}

export async function canSeeContact(actor: Actor, contact: ExternalContactDoc, scope?: CustomerScope): Promise<boolean> {
  if (!contact.tenantId.equals(actor.tenantId)) return false;
  const staff = await visibleStaffIds(actor);
  if (staff === 'all') return true;
  const followers = contact.followUsers.filter((f) => f.status === 'active' && f.staffId).map((f) => f.staffId!);
  if (followers.some((id) => staff.some((s) => s.equals(id)))) return true;
  if (contact.customerId) {
    if (await Customer.exists({ ...(scope ?? (await customerScopeFilter(actor))), _id: contact.customerId })) return true;
  }
  return false;
}
