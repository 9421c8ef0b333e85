import { Types } from 'mongoose';
import { ROLES } from '../actor.js';
import type { Actor } from '../actor.js';
import { Conflict, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { PermissionGroup } from '../models/permission-group.js';
import { Staff } from '../models/staff.js';
import { recordAudit } from '../record-audit.js';
import { assertCan } from './access-of.js';
import { BUILT_IN_GROUPS } from './built-in-groups.js';
import type { DataScope, Grant, PermissionAction, PermissionModule } from './catalogue.js';
import { createPermissionGroupSchema, updatePermissionGroupSchema } from './permission-group-input.js';
import { isBuiltInGroupId } from './resolve-access.js';

export interface PermissionGroupView {
  id: string;
  name: string;
  builtIn: boolean;
  grants: Grant[];
  dataScope: DataScope;
}

interface StoredGroup {
  _id: Types.ObjectId;
  name: string;
  grants: { module: string; actions: string[] }[];
  dataScope: string;
}

const viewOf = (g: StoredGroup): PermissionGroupView => ({
  id: String(g._id),
  name: g.name,
  builtIn: false,
  grants: g.grants.map((grant) => ({ module: grant.module as PermissionModule, actions: grant.actions as PermissionAction[] })),
  dataScope: g.dataScope as DataScope,
});

const builtInViews = (): PermissionGroupView[] =>
  ROLES.map((role) => ({
    id: role,
    name: BUILT_IN_GROUPS[role].name,
    builtIn: true,
    grants: Object.entries(BUILT_IN_GROUPS[role].grants).map(([module, actions]) => ({ module: module as PermissionModule, actions: [...actions] })),
    dataScope: BUILT_IN_GROUPS[role].dataScope,
  }));

/** The built-in groups first, then the company's own by name. */
export async function listPermissionGroups(actor: Actor): Promise<PermissionGroupView[]> {
  assertCan(actor, 'org', 'view');
  const own = await PermissionGroup.find({ tenantId: actor.tenantId }).sort({ name: 1 }).lean<StoredGroup[]>();
  return [...builtInViews(), ...own.map(viewOf)];
}

async function assertNameFree(actor: Actor, name: string, except?: Types.ObjectId): Promise<void> {
  const builtIn = ROLES.some((role) => role === name || BUILT_IN_GROUPS[role].name === name);
  const taken = builtIn || (await PermissionGroup.exists({ tenantId: actor.tenantId, name, ...(except ? { _id: { $ne: except } } : {}) }));
  if (taken) throw new Conflict(`name: a permission group named "${name}" already exists`);
}

export async function createPermissionGroup(actor: Actor, raw: unknown): Promise<PermissionGroupView> {
  assertCan(actor, 'org', 'admin');
  const input = parseInput(createPermissionGroupSchema, raw);
  await assertNameFree(actor, input.name);
  const group = await PermissionGroup.create({ tenantId: actor.tenantId, ...input });
  const view = viewOf(group.toObject());
  await recordAudit(actor, { action: 'permission_group.create', entity: 'permission_group', entityId: group._id, before: null, after: view });
  return view;
}

async function findOwnGroup(actor: Actor, id: string): Promise<StoredGroup> {
  if (isBuiltInGroupId(id)) throw new Conflict(`the built-in group ${id} cannot be changed or deleted`);
  if (!Types.ObjectId.isValid(id)) throw new NotFound('permission group');
  const group = await PermissionGroup.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(id) }).lean<StoredGroup>();
  if (!group) throw new NotFound('permission group');
  return group;
}

export async function updatePermissionGroup(actor: Actor, id: string, raw: unknown): Promise<PermissionGroupView> {
  assertCan(actor, 'org', 'admin');
  const group = await findOwnGroup(actor, id);
  const input = parseInput(updatePermissionGroupSchema, raw);
  if (input.name !== undefined && input.name !== group.name) await assertNameFree(actor, input.name, group._id);
  const updated = await PermissionGroup.findOneAndUpdate({ tenantId: actor.tenantId, _id: group._id }, { $set: input }, { new: true }).lean<StoredGroup>();
  if (!updated) throw new NotFound('permission group');
  const before = viewOf(group);
  const after = viewOf(updated);
  await recordAudit(actor, { action: 'permission_group.update', entity: 'permission_group', entityId: group._id, before, after });
  return after;
}

/** A group someone is still in cannot go: their permissions would change without anyone deciding it. */
export async function deletePermissionGroup(actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'org', 'admin');
  const group = await findOwnGroup(actor, id);
  const members = await Staff.countDocuments({ tenantId: actor.tenantId, groupIds: String(group._id) });
  if (members > 0) throw new Conflict(`the group "${group.name}" still has ${members} member(s); move them to other groups first`);
  await PermissionGroup.deleteOne({ tenantId: actor.tenantId, _id: group._id });
  await recordAudit(actor, { action: 'permission_group.delete', entity: 'permission_group', entityId: group._id, before: viewOf(group), after: null });
}
