/**
 * The closed catalogue of what a permission group can grant: one module per area the routes and
 * commands serve, one action per kind of act. A grant naming anything else is refused at the edge.
 */
export const PERMISSION_MODULES = [
  'customers',
  'contacts',
  'activities',
  'reminders',
  'deals',
  'products',
  'contracts',
  'tickets',
  'surveys',
  'statistics',
  'dashboard',
  'digests',
  'duplicates',
  'segments',
  'predictions',
  'views',
  'imports',
  'automation',
  'org',
  'settings',
  'audit',
  'handover',
  'tenants',
  'system',
] as const;
export type PermissionModule = (typeof PERMISSION_MODULES)[number];

export const PERMISSION_ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'approve', 'admin'] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/** Narrowest first: a person in several groups gets the widest scope of them. */
export const DATA_SCOPES = ['own', 'own_collaborating', 'department', 'department_tree', 'tenant'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export interface Grant {
  module: PermissionModule;
  actions: PermissionAction[];
}

/** What one person may do, resolved from their groups when they sign in or run a command. */
export interface Access {
  grants: Partial<Record<PermissionModule, readonly PermissionAction[]>>;
  dataScope: DataScope;
}

export function isPermissionModule(value: string): value is PermissionModule {
  return (PERMISSION_MODULES as readonly string[]).includes(value);
}

export function isPermissionAction(value: string): value is PermissionAction {
  return (PERMISSION_ACTIONS as readonly string[]).includes(value);
}

export function widerScope(a: DataScope, b: DataScope): DataScope {
  return DATA_SCOPES.indexOf(a) >= DATA_SCOPES.indexOf(b) ? a : b;
}
