import { Types } from 'mongoose';
import { Conflict } from '../../errors.js';
import type { Actor } from '../actor.js';
import { Department } from '../models/department.js';
import { Staff } from '../models/staff.js';
import { recordAudit } from '../record-audit.js';
import { markStaffDeparted } from '../staff/mark-staff-departed.js';
import type { DirectorySnapshot } from './directory-snapshot.js';
import { departmentKey, planDirectorySync, type CurrentDepartment, type CurrentStaff, type DirectoryDiff } from './plan-directory-sync.js';
import { requireAdmin } from './require-admin.js';

export interface DirectorySyncResult extends DirectoryDiff {
  dryRun: boolean;
  /** What was written (all zero on a dry run, and on a sync that found nothing to change). */
  applied: { departmentsCreated: number; departmentsUpdated: number; staffCreated: number; staffUpdated: number; staffDeactivated: number; customersFlagged: number };
}

/**
 * Brings the tenant's departments and staff in line with one platform's address book. A dry run
 * only answers the diff. Applying is idempotent: a second run with the same directory finds
 * nothing to change and writes nothing. Leavers are deactivated through the same departure path as
 * the staff admin (their customers are flagged for handover), never deleted; new people start as
 * sales; roles are never changed. Every write is audited, and so is the sync itself. `partial`:
 * the snapshot holds only some people (a contact-change callback), so nobody missing has left.
 */
export async function syncDirectory(actor: Actor, snapshot: DirectorySnapshot, options: { dryRun: boolean; partial?: boolean }): Promise<DirectorySyncResult> {
  requireAdmin(actor, options.dryRun ? 'view' : 'edit');
  // An app whose visible range shrank to nothing would otherwise deactivate everyone.
  if (snapshot.people.length === 0 && !options.partial) throw new Conflict(`the ${snapshot.platform} directory lists nobody: check the app's visible range (可见范围)`);
  const tenantId = actor.tenantId;
  const [departments, staff] = await Promise.all([
    Department.find({ tenantId }).lean<CurrentDepartment[]>(),
    Staff.find({ tenantId }).lean<CurrentStaff[]>(),
  ]);
  const plan = planDirectorySync(snapshot, departments, staff, { partial: options.partial ?? false });
  const applied = { departmentsCreated: 0, departmentsUpdated: 0, staffCreated: 0, staffUpdated: 0, staffDeactivated: 0, customersFlagged: 0 };
  const result = (): DirectorySyncResult => ({ ...plan.diff, dryRun: options.dryRun, applied });
  if (options.dryRun) return result();

  const { platform } = snapshot;
  const idOf = new Map<string, Types.ObjectId>();
  for (const d of plan.departments) if (d.current) idOf.set(d.externalId, d.current._id);
  // Parents come first in the plan, so a new department's parent already has its id.
  for (const d of plan.departments) {
    const wanted = { name: d.name, parentId: d.parentExternalId ? (idOf.get(d.parentExternalId) ?? null) : null, order: d.order, externalId: departmentKey(platform, d.externalId) };
    if (!d.current) {
      const created = await Department.create({ tenantId, ...wanted });
      idOf.set(d.externalId, created._id);
      await recordAudit(actor, { action: 'department.create', entity: 'department', entityId: created._id, before: null, after: created.toObject() });
      applied.departmentsCreated++;
      continue;
    }
    const c = d.current;
    const same = c.name === wanted.name && String(c.parentId ?? null) === String(wanted.parentId) && c.order === wanted.order && c.externalId === wanted.externalId;
    if (same) continue;
    const after = await Department.findOneAndUpdate({ tenantId, _id: c._id }, { $set: wanted }, { new: true }).lean();
    // Staff name their departments by name: carry a rename to everyone, synced or not.
    if (c.name !== wanted.name) await Staff.updateMany({ tenantId, departments: c.name }, { $set: { 'departments.$': wanted.name } });
    await recordAudit(actor, { action: 'department.update', entity: 'department', entityId: c._id, before: c, after });
    applied.departmentsUpdated++;
  }

  const staffIdOf = new Map<string, Types.ObjectId>(staff.map((s) => [platform === 'dingtalk' ? (s.dingtalkUserId ?? s.userId) : s.userId, s._id]));
  const written: { id: Types.ObjectId; managerUserId: string | null | undefined }[] = [];
  for (const { person, current, set, managerUserId, markSource } of plan.people) {
    if (!current) {
      const created = await Staff.create({ tenantId, userId: person.userId, role: 'sales', active: true, directorySources: [platform], ...set });
      staffIdOf.set(person.userId, created._id);
      await recordAudit(actor, { action: 'staff.create', entity: 'staff', entityId: created._id, before: null, after: created.toObject() });
      applied.staffCreated++;
      written.push({ id: created._id, managerUserId });
      continue;
    }
    const changed = Object.keys(set).length > 0;
    const after = await Staff.findOneAndUpdate(
      { tenantId, _id: current._id },
      { ...(changed ? { $set: set } : {}), ...(markSource ? { $addToSet: { directorySources: platform } } : {}) },
      { new: true },
    ).lean();
    if (changed) {
      await recordAudit(actor, { action: 'staff.update', entity: 'staff', entityId: current._id, before: current, after });
      applied.staffUpdated++;
    }
    written.push({ id: current._id, managerUserId });
  }
  // Managers last: one may have been created in this run.
  for (const { id, managerUserId } of written) {
    if (managerUserId === undefined) continue;
    const managerId = managerUserId ? (staffIdOf.get(managerUserId) ?? null) : null;
    const before = await Staff.findOneAndUpdate({ tenantId, _id: id }, { $set: { managerId } }).lean();
    if (String(before?.managerId ?? null) === String(managerId)) continue;
    await recordAudit(actor, { action: 'staff.update', entity: 'staff', entityId: id, before: { managerId: before?.managerId ?? null }, after: { managerId } });
  }

  for (const leaver of plan.deactivate) {
    const doc = await Staff.findOne({ tenantId, _id: leaver._id });
    if (!doc?.active) continue;
    const { flaggedCustomers } = await markStaffDeparted(actor, doc);
    applied.staffDeactivated++;
    applied.customersFlagged += flaggedCustomers;
  }

  const changed = Object.values(applied).some((n) => n > 0);
  if (changed) {
    await recordAudit(actor, { action: 'directory.sync', entity: 'directory', entityId: tenantId, before: null, after: { platform, applied, warnings: plan.diff.warnings } });
  }
  return result();
}
