import { Types } from 'mongoose';
import { ROLES, type Actor, type Role } from '../actor.js';
import { Conflict, InvalidInput, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { PermissionGroup } from '../models/permission-group.js';
import { Staff } from '../models/staff.js';
import { recordAudit } from '../record-audit.js';
import { assertCan } from './access-of.js';
import { setStaffGroupsSchema } from './permission-group-input.js';
import { groupIdsOf, isBuiltInGroupId } from './resolve-access.js';

/** Active staff of the tenant in the built-in admin group, whether by role alone or by assigned groups. */
const adminsFilter = (tenantId: Types.ObjectId) => ({
  tenantId,
  active: true,
  $or: [{ groupIds: 'admin' }, { role: 'admin', 'groupIds.0': { $exists: false } }],
});

/**
 * Puts a staff member into exactly these groups (built-in keys or the company's group ids). Their
 * role follows the widest built-in group listed, so role-based defaults (digests) agree; a list
 * without a built-in group leaves the role as it was. The last admin cannot leave the admin group.
 */
export async function setStaffGroups(actor: Actor, staffId: string, raw: unknown): Promise<{ id: string; groupIds: string[]; role: Role }> {
  assertCan(actor, 'org', 'admin');
  const { groupIds } = parseInput(setStaffGroupsSchema, raw);
  if (!Types.ObjectId.isValid(staffId)) throw new NotFound('staff');
  const staff = await Staff.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(staffId) });
  if (!staff) throw new NotFound('staff');

  const wanted = [...new Set(groupIds)];
  const custom = wanted.filter((id) => !isBuiltInGroupId(id));
  const known = await PermissionGroup.find(
    { tenantId: actor.tenantId, _id: { $in: custom.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } },
    { _id: 1 },
  ).lean();
  const unknown = custom.filter((id) => !known.some((g) => String(g._id) === id));
  if (unknown.length > 0) {
    const details = unknown.map((id) => ({ path: `groupIds.${groupIds.indexOf(id)}`, message: `no permission group "${id}" in this company` }));
    throw new InvalidInput(`groupIds: no permission group ${unknown.map((id) => `"${id}"`).join(', ')} in this company`, details);
  }

  const before = { groupIds: groupIdsOf(staff), role: staff.role as Role };
  const builtIns = ROLES.filter((role) => wanted.includes(role));
  const role: Role = builtIns.length > 0 ? builtIns[builtIns.length - 1]! : before.role;
  if (before.groupIds.includes('admin') && !wanted.includes('admin') && staff.active) {
    const admins = await Staff.countDocuments(adminsFilter(actor.tenantId));
    if (admins <= 1) throw new Conflict('groupIds: this is the last admin of the company; make someone else an admin first');
  }
  staff.set({ groupIds: wanted, role });
  await staff.save();
  const after = { groupIds: wanted, role };
  await recordAudit(actor, { action: 'staff.groups', entity: 'staff', entityId: staff._id, before, after });
  return { id: String(staff._id), ...after };
}
