import { Types } from 'mongoose';
import { ROLES, type Role } from '../actor.js';
import { PermissionGroup } from '../models/permission-group.js';
import { BUILT_IN_GROUPS, unionGrants } from './built-in-groups.js';
import { widerScope, type Access, type DataScope, type Grant, type PermissionAction, type PermissionModule } from './catalogue.js';

/** A stored group as saved (validated against the catalogue on every write). */
type StoredGroup = { grants: Grant[]; dataScope: DataScope };

export interface GroupMember {
  tenantId: Types.ObjectId;
  role: string;
  groupIds?: readonly string[] | null;
}

/** The groups a person is in: those assigned, or their role's built-in group when none are. */
export function groupIdsOf(staff: Pick<GroupMember, 'role' | 'groupIds'>): string[] {
  return staff.groupIds?.length ? [...staff.groupIds] : [staff.role];
}

export function isBuiltInGroupId(id: string): id is Role {
  return (ROLES as readonly string[]).includes(id);
}

/** A person's effective permission: the union of their groups' grants and the widest of their data scopes. */
export async function resolveAccess(staff: GroupMember): Promise<Access> {
  const ids = groupIdsOf(staff);
  const builtIn = ids.filter(isBuiltInGroupId).map((id) => BUILT_IN_GROUPS[id]);
  const customIds = ids.filter((id) => !isBuiltInGroupId(id) && Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  const custom = customIds.length
    ? (await PermissionGroup.find({ tenantId: staff.tenantId, _id: { $in: customIds } }).lean<StoredGroup[]>()).map((g) => ({
        grants: Object.fromEntries(g.grants.map((grant) => [grant.module, grant.actions])) as Partial<Record<PermissionModule, PermissionAction[]>>,
        dataScope: g.dataScope,
      }))
    : [];
  const groups: Access[] = [...builtIn, ...custom];
  if (groups.length === 0) return { grants: {}, dataScope: 'own' };
  return {
    grants: unionGrants(...groups.map((g) => g.grants)),
    dataScope: groups.map((g) => g.dataScope).reduce(widerScope),
  };
}
