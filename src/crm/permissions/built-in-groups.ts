import type { Role } from '../actor.js';
import { PERMISSION_ACTIONS, PERMISSION_MODULES, type Access, type PermissionAction, type PermissionModule } from './catalogue.js';

type Grants = Partial<Record<PermissionModule, readonly PermissionAction[]>>;

const EVERYONE: Grants = {
  customers: ['view', 'create', 'edit', 'delete', 'export'],
  contacts: ['view', 'create', 'edit'],
  activities: ['view', 'create', 'export'],
  reminders: ['view', 'create', 'edit'],
  deals: ['view', 'create', 'edit', 'delete', 'export'],
  products: ['view'],
  contracts: ['view', 'create', 'edit', 'delete', 'export'],
  tickets: ['view', 'create', 'edit'],
  surveys: ['view', 'create', 'export'],
  statistics: ['view', 'export'],
  digests: ['view', 'edit'],
  duplicates: ['view', 'edit'],
  segments: ['view'],
  predictions: ['view'],
  views: ['view', 'create', 'edit', 'delete'],
  settings: ['view'],
};

/** What managers add to everyone's: team views, approvals, reassigning within their departments. */
const MANAGER_EXTRA: Grants = {
  customers: ['admin'],
  contracts: ['approve'],
  statistics: ['edit'],
  dashboard: ['view'],
  duplicates: ['admin'],
  segments: ['admin'],
  views: ['approve'],
  handover: ['view', 'create', 'edit'],
};

export function unionGrants(...sets: Grants[]): Grants {
  const out: Grants = {};
  for (const set of sets) {
    for (const [module, actions] of Object.entries(set) as [PermissionModule, readonly PermissionAction[]][]) {
      out[module] = [...new Set([...(out[module] ?? []), ...actions])];
    }
  }
  return out;
}

const ALL: Grants = Object.fromEntries(PERMISSION_MODULES.map((m) => [m, [...PERMISSION_ACTIONS]]));

/**
 * The three built-in groups (用户组) reproduce what the roles meant before groups existed: sales work
 * their own and collaborating customers, managers add team views and approvals over their
 * departments, admins may do everything in the tenant. They are virtual: never stored, never deleted.
 */
export const BUILT_IN_GROUPS: Readonly<Record<Role, Access & { name: string }>> = {
  sales: { name: '销售', grants: EVERYONE, dataScope: 'own_collaborating' },
  manager: { name: '经理', grants: unionGrants(EVERYONE, MANAGER_EXTRA), dataScope: 'department' },
  admin: { name: '管理员', grants: ALL, dataScope: 'tenant' },
};


/** The built-in roles whose group grants an action, narrowest first: how a refusal says who may. */
export function rolesGranting(module: PermissionModule, action: PermissionAction): Role[] {
  return (Object.keys(BUILT_IN_GROUPS) as Role[]).filter((role) => BUILT_IN_GROUPS[role].grants[module]?.includes(action));
}
