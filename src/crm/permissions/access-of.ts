import { Forbidden } from '../../errors.js';
import type { Actor, Role } from '../actor.js';
import { BUILT_IN_GROUPS, rolesGranting } from './built-in-groups.js';
import type { Access, PermissionAction, PermissionModule } from './catalogue.js';

const ROLE_PLURAL: Record<Role, string> = { sales: 'salespeople', manager: 'managers', admin: 'admins' };

/** An actor's effective permission: resolved from their groups, or their role's built-in group (system work, jobs). */
export function accessOf(actor: Pick<Actor, 'role' | 'access'>): Access {
  return actor.access ?? BUILT_IN_GROUPS[actor.role];
}

export function can(actor: Pick<Actor, 'role' | 'access'>, module: PermissionModule, action: PermissionAction): boolean {
  return accessOf(actor).grants[module]?.includes(action) ?? false;
}

/** Refuses unless the actor's groups grant the action; the message says what the person may not do. */
export function assertCan(actor: Pick<Actor, 'role' | 'access'>, module: PermissionModule, action: PermissionAction, message?: string): void {
  if (can(actor, module, action)) return;
  const roles = rolesGranting(module, action).map((role) => ROLE_PLURAL[role]);
  throw new Forbidden(message ?? `requires permission ${module}.${action}${roles.length ? ` (as ${roles.join(' and ')} have)` : ''}`);
}
