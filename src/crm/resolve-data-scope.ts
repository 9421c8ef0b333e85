import type { FilterQuery, Types } from 'mongoose';
import type { Actor } from './actor.js';
import type { CustomerRecord } from './models/customer.js';
import { Staff } from './models/staff.js';

/**
 * The one place that decides which customers an actor may see and change:
 * sales → own + collaborating; manager → customers owned by anyone in their departments (and their own);
 * admin → the whole tenant. Tenants never see each other; soft-deleted records are invisible.
 */
export async function customerScopeFilter(actor: Actor): Promise<FilterQuery<CustomerRecord>> {
  const base: FilterQuery<CustomerRecord> = { tenantId: actor.tenantId, deletedAt: null };
  if (actor.role === 'admin') return base;
  const visible: FilterQuery<CustomerRecord>[] = [];
  if (actor.staffId) visible.push({ ownerId: actor.staffId }, { collaboratorIds: actor.staffId });
  if (actor.role === 'manager' && actor.departments.length > 0) {
    const staffIds = await staffIdsInDepartments(actor.tenantId, actor.departments);
    visible.push({ ownerId: { $in: staffIds } });
  }
  if (visible.length === 0) return { ...base, _id: { $exists: false } };
  return { ...base, $or: visible };
}

export async function staffIdsInDepartments(tenantId: Types.ObjectId, departments: string[]): Promise<Types.ObjectId[]> {
  const rows = await Staff.find({ tenantId, departments: { $in: departments } }, { _id: 1 }).lean();
  return rows.map((r) => r._id);
}

/** Staff whose work an actor may see in reports: themselves, their departments (manager) or everyone (admin). */
export async function visibleStaffIds(actor: Actor): Promise<Types.ObjectId[] | 'all'> {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'manager' && actor.departments.length > 0) {
    const ids = await staffIdsInDepartments(actor.tenantId, actor.departments);
    return actor.staffId && !ids.some((id) => id.equals(actor.staffId!)) ? [...ids, actor.staffId] : ids;
  }
  return actor.staffId ? [actor.staffId] : [];
}
