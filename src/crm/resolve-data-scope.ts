import type { FilterQuery, Types } from 'mongoose';
import type { Actor } from './actor.js';
import { Customer, type CustomerRecord } from './models/customer.js';
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
  // "Nothing" must survive callers that spread the scope and add their own `_id` or owner
  // condition ({ ...scope, _id }), so it is said with an operator no caller sets.
  if (visible.length === 0) return { ...base, $nor: [{ _id: { $exists: true } }] };
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

/**
 * May the actor act on behalf of this staff member — own a customer for them, hand them a customer,
 * set them a reminder? The same circle as visibleStaffIds: sales only for themselves, managers for
 * their departments (and themselves), admins for anyone in the tenant (the caller still checks the
 * staff member exists and is active in this tenant).
 */
export async function mayActForStaff(actor: Actor, staffId: Types.ObjectId | string): Promise<boolean> {
  const visible = await visibleStaffIds(actor);
  if (visible === 'all') return true;
  return visible.some((id) => id.equals(staffId));
}

/**
 * May the actor decide who owns and who collaborates on a customer they can already see? Only its
 * owner, a manager of the owner's department, or an admin: seeing a record as a collaborator is not
 * the right to reshape who else sees it.
 */
export async function mayManageCustomerPeople(actor: Actor, customer: { ownerId: Types.ObjectId }): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.staffId?.equals(customer.ownerId)) return true;
  return actor.role === 'manager' && (await mayActForStaff(actor, customer.ownerId));
}

/**
 * Records that hang off a customer (deals, quotes, contracts): visible to whoever can see the
 * customer, and to the staff the record names as its owner or collaborators. Admins see the tenant.
 * Callers add their own `deletedAt` condition where the collection has one.
 */
export async function customerRecordScopeFilter(
  actor: Actor,
): Promise<{ tenantId: Types.ObjectId; $or?: Record<string, unknown>[] }> {
  if (actor.role === 'admin') return { tenantId: actor.tenantId };
  const customers = await Customer.find(await customerScopeFilter(actor), { _id: 1 }).lean();
  const visible: Record<string, unknown>[] = [{ customerId: { $in: customers.map((c) => c._id) } }];
  if (actor.staffId) visible.push({ ownerId: actor.staffId }, { collaboratorIds: actor.staffId });
  return { tenantId: actor.tenantId, $or: visible };
}
