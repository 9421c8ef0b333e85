import { Types } from 'mongoose';
import { Conflict, InvalidInput, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { Department } from '../models/department.js';
import { Staff, type StaffRecord } from '../models/staff.js';
import { recordAudit } from '../record-audit.js';
import { markStaffDeparted } from '../staff/mark-staff-departed.js';
import { listStaffSchema, updateStaffSchema } from './org-input.js';
import { requireAdmin } from './require-admin.js';
import { isBuiltInGroupId } from '../permissions/resolve-access.js';

export interface StaffEntry {
  id: string;
  userId: string;
  name: string;
  position: string | null;
  departments: string[];
  managerId: string | null;
  role: string;
  active: boolean;
}

const entry = (s: StaffRecord & { _id: Types.ObjectId }): StaffEntry => ({
  id: String(s._id),
  userId: s.userId,
  name: s.name,
  position: s.position ?? null,
  departments: s.departments,
  managerId: s.managerId ? String(s.managerId) : null,
  role: s.role,
  active: s.active,
});

export async function listStaffDirectory(actor: Actor, raw: unknown): Promise<StaffEntry[]> {
  requireAdmin(actor, 'view');
  const input = parseInput(listStaffSchema, raw);
  const rows = await Staff.find({
    tenantId: actor.tenantId,
    ...(input.active ? { active: input.active === 'true' } : {}),
    ...(input.department ? { departments: input.department } : {}),
  })
    .sort({ name: 1, _id: 1 })
    .lean<(StaffRecord & { _id: Types.ObjectId })[]>();
  return rows.map(entry);
}

/**
 * Changes a person's record. Departments must exist, a manager must be someone else active in the
 * company, and the last active admin can be neither demoted nor deactivated (nobody could undo it).
 * Deactivating is a departure: their customers are flagged for handover, their history stays.
 */
export async function updateStaffEntry(actor: Actor, id: string, raw: unknown): Promise<StaffEntry> {
  requireAdmin(actor, 'edit');
  const input = parseInput(updateStaffSchema, raw);
  const staff = Types.ObjectId.isValid(id) ? await Staff.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(id) }) : null;
  if (!staff) throw new NotFound('staff member');
  if (input.departments) {
    const known = new Set((await Department.find({ tenantId: actor.tenantId, name: { $in: input.departments } }, { name: 1 }).lean()).map((d) => d.name));
    const unknown = input.departments.filter((d) => !known.has(d));
    if (unknown.length) throw new InvalidInput(`departments: no department ${unknown.map((d) => `"${d}"`).join(', ')} in this company`, [{ path: 'departments', message: 'unknown department' }]);
  }
  if (input.managerId) {
    const manager = await Staff.exists({ tenantId: actor.tenantId, _id: new Types.ObjectId(input.managerId), active: true });
    if (!manager || manager._id.equals(staff._id)) throw new InvalidInput('managerId: must be another active member of this company', [{ path: 'managerId', message: 'not an active colleague' }]);
  }
  const losesAdmin = staff.role === 'admin' && staff.active && ((input.role !== undefined && input.role !== 'admin') || input.active === false);
  if (losesAdmin && (await Staff.countDocuments({ tenantId: actor.tenantId, role: 'admin', active: true })) <= 1) {
    throw new Conflict('this is the last active admin: make someone else admin first');
  }
  const before = staff.toObject();
  const { active, managerId, ...fields } = input;
  staff.set(fields);
  // A new role is a new built-in group: it replaces the built-in one among their groups (custom groups stay).
  if (input.role !== undefined && staff.groupIds?.length) {
    staff.groupIds = [input.role, ...staff.groupIds.filter((g) => !isBuiltInGroupId(g))];
  }
  if (managerId !== undefined) staff.managerId = managerId ? new Types.ObjectId(managerId) : null;
  if (active === true) staff.active = true;
  await staff.save();
  if (active === false && staff.active) await markStaffDeparted(actor, staff);
  const after = await Staff.findById(staff._id).lean<StaffRecord & { _id: Types.ObjectId }>();
  await recordAudit(actor, { action: 'staff.update', entity: 'staff', entityId: staff._id, before, after });
  return entry(after!);
}
