import type { Actor } from '../actor.js';
import { assertCan } from '../permissions/access-of.js';

/** The organisation is managed by the company's admins (groups granting `org` actions). */
export function requireAdmin(actor: Actor, action: 'view' | 'create' | 'edit'): void {
  assertCan(actor, 'org', action, 'the organisation is managed by admins');
}
