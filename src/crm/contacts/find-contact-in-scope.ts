import type { Actor } from '../actor.js';
import { NotFound } from '../errors.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter, staffIdsInDepartments } from '../resolve-data-scope.js';
import type { ExternalContactDoc } from './external-contact-model.js';
import { loadContact } from './mutate-contact.js';

/**
 * A contact the actor may see: admins see all; a salesperson sees the contacts they follow; a
 * manager those followed by their departments; anyone sees the contact of a customer in their
 * scope. Anything else is "not found" (no existence leak).
 */
export async function findContactInScope(actor: Actor, externalUserId: string): Promise<ExternalContactDoc> {
  const contact = await loadContact(actor.tenantId, externalUserId);
  if (!contact || !(await canSeeContact(actor, contact))) throw new NotFound('contact');
  return contact;
}

export async function canSeeContact(actor: Actor, contact: ExternalContactDoc): Promise<boolean> {
  if (!contact.tenantId.equals(actor.tenantId)) return false;
  if (actor.role === 'admin') return true;
  const followers = contact.followUsers.filter((f) => f.status === 'active' && f.staffId).map((f) => String(f.staffId));
  if (actor.staffId && followers.includes(String(actor.staffId))) return true;
  if (actor.role === 'manager' && actor.departments.length > 0 && followers.length > 0) {
    const team = new Set((await staffIdsInDepartments(actor.tenantId, actor.departments)).map(String));
    if (followers.some((id) => team.has(id))) return true;
  }
  if (contact.customerId) {
    const scope = await customerScopeFilter(actor);
    if (await Customer.exists({ ...scope, _id: contact.customerId })) return true;
  }
  return false;
}
