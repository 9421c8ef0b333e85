import type { Types } from 'mongoose';
import type { Access } from './permissions/catalogue.js';

export type Role = 'sales' | 'manager' | 'admin';
export const ROLES: readonly Role[] = ['sales', 'manager', 'admin'];

/** Where a change came from; recorded on activities and audit entries. */
export type ChangeSource = 'api' | 'sidebar' | 'command' | 'event' | 'import' | 'system' | 'job' | 'automation';

/** Who is acting: every domain service takes one and scopes its queries by it. */
export interface Actor {
  tenantId: Types.ObjectId;
  /** Null for system work (callbacks, jobs) that acts on behalf of nobody in particular. */
  staffId: Types.ObjectId | null;
  role: Role;
  departments: string[];
  source: ChangeSource;
  name?: string;
  /** Effective permission from the person's groups; unset, the role's built-in group applies (see accessOf). */
  access?: Access;
}

/** An actor for platform events and jobs: sees the whole tenant, is recorded as the system. */
export function systemActor(tenantId: Types.ObjectId, source: ChangeSource = 'event'): Actor {
  return { tenantId, staffId: null, role: 'admin', departments: [], source, name: 'system' };
}
