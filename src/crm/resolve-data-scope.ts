import type { FilterQuery, Types } from 'mongoose';
import type { Actor } from './actor.js';
import { Customer, type CustomerRecord } from './models/customer.js';
import { Department } from './models/department.js';
import { Staff } from './models/staff.js';
import { accessOf, can } from './permissions/access-of.js';

/**
 * The one place that decides which customers an actor may see and change, by the data scope of
 * their permission groups: own → customers they own; own_collaborating → and those they
 * collaborate on (built-in sales); department → and those owned by anyone in their departments
 * (built-in manager); department_tree → and in the departments below; tenant → the whole tenant
 * (built-in admin). Tenants never see each other; soft-deleted records are invisible.
 */
export async function customerScopeFilter(actor: Actor): Promise<FilterQuery<CustomerRecord>> {
  const base: FilterQuery<CustomerRecord> = { tenantId: actor.tenantId, deletedAt: null };
  const scope = accessOf(actor).dataScope;
  if (scope === 'tenant') return base;
  const visible: FilterQuery<CustomerRecord>[] = [];
  if (actor.staffId) visible.push({ ownerId: actor.staffId });
  if (actor.staffId && scope !== 'own') visible.push({ collaboratorIds: actor.staffId });
  const departments = await scopeDepartments(actor);
  if (departments.length > 0) {
    const staffIds = await staffIdsInDepartments(actor.tenantId, departments);
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

/**
 * The departments whose members' customers the actor sees: none for own scopes, their own
 * departments, or those and every department below them (the department tree, by name).
 */
async function scopeDepartments(actor: Actor): Promise<string[]> {
  const scope = accessOf(actor).dataScope;
  if ((scope !== 'department' && scope !== 'department_tree') || actor.departments.length === 0) return [];
  if (scope === 'department') return actor.departments;
  const all = await Department.find({ tenantId: actor.tenantId }, { name: 1, parentId: 1 }).lean();
  const names = new Set(actor.departments);
  let frontier = all.filter((d) => names.has(d.name)).map((d) => String(d._id));
  while (frontier.length > 0) {
    const parents = new Set(frontier);
    const children = all.filter((d) => d.parentId && parents.has(String(d.parentId)) && !names.has(d.name));
    for (const child of children) names.add(child.name);
    frontier = children.map((d) => String(d._id));
  }
  return [...names];
}

/** Staff whose work an actor may see in reports: themselves, their departments (and below) or everyone (tenant scope). */
export async function visibleStaffIds(actor: Actor): Promise<Types.ObjectId[] | 'all'> {
  if (accessOf(actor).dataScope === 'tenant') return 'all';
  const departments = await scopeDepartments(actor);
  if (departments.length > 0) {
    const ids = await staffIdsInDepartments(actor.tenantId, departments);
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
  if (accessOf(actor).dataScope === 'tenant') return true;
  if (actor.staffId?.equals(customer.ownerId)) return true;
  return can(actor, 'customers', 'admin') && (await mayActForStaff(actor, customer.ownerId));
}

/**
 * Records that hang off a customer (deals, quotes, contracts): visible to whoever can see the
 * customer, and to the staff the record names as its owner or collaborators. Admins see the tenant.
 * Callers add their own `deletedAt` condition where the collection has one.
 */
export async function customerRecordScopeFilter(
  actor: Actor,
): Promise<{ tenantId: Types.ObjectId; $or?: Record<string, unknown>[] }> {
  if (accessOf(actor).dataScope === 'tenant') return { tenantId: actor.tenantId };
  const customers = await Customer.find(await customerScopeFilter(actor), { _id: 1 }).lean();
  const visible: Record<string, unknown>[] = [{ customerId: { $in: customers.map((c) => c._id) } }];
  if (actor.staffId) visible.push({ ownerId: actor.staffId }, { collaboratorIds: actor.staffId });
  return { tenantId: actor.tenantId, $or: visible };
}
