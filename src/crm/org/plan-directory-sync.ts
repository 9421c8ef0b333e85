import type { Types } from 'mongoose';
import { normalizePhone } from '../normalize-phone.js';
import type { DirectoryPerson, DirectoryPlatform, DirectorySnapshot } from './directory-snapshot.js';

export interface FieldChange {
  field: 'name' | 'parent' | 'order' | 'departments' | 'position' | 'mobile' | 'manager' | 'link';
  from: unknown;
  to: unknown;
}

/** What a sync would do, in words an admin can read (parents and managers by name). */
export interface DirectoryDiff {
  platform: DirectoryPlatform;
  departments: {
    create: { externalId: string; name: string; parent: string | null }[];
    update: { id: string; name: string; changes: FieldChange[] }[];
  };
  staff: {
    create: { userId: string; name: string; departments: string[] }[];
    update: { id: string; userId: string; name: string; changes: FieldChange[] }[];
    deactivate: { id: string; userId: string; name: string }[];
    /** In the directory but deactivated here (by an admin): left as they are. */
    inactive: { id: string; userId: string; name: string }[];
  };
  warnings: string[];
}

export interface CurrentDepartment {
  _id: Types.ObjectId;
  name: string;
  parentId?: Types.ObjectId | null;
  order: number;
  externalId?: string | null;
}

export interface CurrentStaff {
  _id: Types.ObjectId;
  userId: string;
  name: string;
  departments: string[];
  position?: string | null;
  mobile?: string | null;
  managerId?: Types.ObjectId | null;
  dingtalkUserId?: string | null;
  role: string;
  active: boolean;
  directorySources?: string[] | null;
}

/** How the plan is carried out: desired records keyed for the apply step. */
export interface DirectoryPlan {
  diff: DirectoryDiff;
  /** Per snapshot department: its final name, the local record (if any) and the desired field values. */
  departments: { externalId: string; name: string; parentExternalId: string | null; order: number; current: CurrentDepartment | null }[];
  /** Per snapshot person: the local record (if any) and the desired field values (only those to write). */
  people: { person: DirectoryPerson; current: CurrentStaff | null; set: Record<string, unknown>; managerUserId: string | null | undefined; markSource: boolean }[];
  deactivate: CurrentStaff[];
}

export const departmentKey = (platform: DirectoryPlatform, externalId: string) => `${platform}:${externalId}`;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Compares one platform's address book with the tenant's departments and staff. Departments are
 * matched by their directory id, else linked by name to one not yet synced; people by their
 * platform id (DingTalk: a linked record, else a native one, else an unlinked active one with the
 * same mobile). A synced person missing from the directory has left; someone never synced from
 * this platform is not ours to deactivate. Department names stay unique: a clash gets the
 * directory id appended. A `partial` snapshot (the people one callback names, no departments) only
 * creates or updates those people.
 */
export function planDirectorySync(
  snapshot: DirectorySnapshot,
  departments: CurrentDepartment[],
  staff: CurrentStaff[],
  options: { partial?: boolean } = {},
): DirectoryPlan {
  const { platform } = snapshot;
  const warnings: string[] = [];
  const byKey = new Map(departments.filter((d) => d.externalId).map((d) => [d.externalId!, d]));
  const unlinkedByName = new Map(departments.filter((d) => !d.externalId).map((d) => [d.name, d]));
  const localById = new Map(departments.map((d) => [String(d._id), d]));

  // Parents before children, so names and parents resolve in one pass; a parent missing from the
  // snapshot (or a loop) makes a root.
  const snapshotIds = new Set(snapshot.departments.map((d) => d.externalId));
  const ordered: DirectorySnapshot['departments'] = [];
  const placed = new Set<string>();
  const pending = snapshot.departments.map((d) => ({ ...d, parentExternalId: d.parentExternalId && snapshotIds.has(d.parentExternalId) && d.parentExternalId !== d.externalId ? d.parentExternalId : null }));
  while (pending.length) {
    const before = pending.length;
    for (let i = 0; i < pending.length; ) {
      const d = pending[i]!;
      if (!d.parentExternalId || placed.has(d.parentExternalId)) {
        ordered.push(d);
        placed.add(d.externalId);
        pending.splice(i, 1);
      } else i++;
    }
    if (pending.length === before) {
      const loop = pending.shift()!;
      warnings.push(`department ${loop.name} (${loop.externalId}) is in a parent loop: kept at the top`);
      pending.unshift({ ...loop, parentExternalId: null });
    }
  }

  const taken = new Set(departments.map((d) => d.name));
  const plannedDepartments: DirectoryPlan['departments'] = [];
  const nameOf = new Map<string, string>();
  for (const d of ordered) {
    const current = byKey.get(departmentKey(platform, d.externalId)) ?? unlinkedByName.get(d.name) ?? null;
    if (current) unlinkedByName.delete(current.name);
    let name = d.name.trim().slice(0, 60) || d.externalId;
    if (current?.name !== name && taken.has(name)) name = `${name.slice(0, 50)} #${d.externalId}`;
    if (current) taken.delete(current.name);
    taken.add(name);
    nameOf.set(d.externalId, name);
    plannedDepartments.push({ externalId: d.externalId, name, parentExternalId: d.parentExternalId, order: d.order, current });
  }

  const diff: DirectoryDiff = { platform, departments: { create: [], update: [] }, staff: { create: [], update: [], deactivate: [], inactive: [] }, warnings };
  for (const d of plannedDepartments) {
    const parentName = d.parentExternalId ? nameOf.get(d.parentExternalId)! : null;
    if (!d.current) {
      diff.departments.create.push({ externalId: d.externalId, name: d.name, parent: parentName });
      continue;
    }
    const changes: FieldChange[] = [];
    const currentParentName = d.current.parentId ? (localById.get(String(d.current.parentId))?.name ?? null) : null;
    if (d.current.name !== d.name) changes.push({ field: 'name', from: d.current.name, to: d.name });
    if (currentParentName !== parentName) changes.push({ field: 'parent', from: currentParentName, to: parentName });
    if (d.current.order !== d.order) changes.push({ field: 'order', from: d.current.order, to: d.order });
    if (d.current.externalId !== departmentKey(platform, d.externalId)) changes.push({ field: 'link', from: d.current.externalId ?? null, to: departmentKey(platform, d.externalId) });
    if (changes.length) diff.departments.update.push({ id: String(d.current._id), name: d.name, changes });
  }

  // A renamed department is carried to its members by the rename itself, not as a change of theirs.
  const renamed = new Map(plannedDepartments.filter((d) => d.current && d.current.name !== d.name).map((d) => [d.current!.name, d.name]));
  // A partial snapshot (one changed person) names departments synced before.
  const syncedName = new Map(departments.filter((d) => d.externalId).map((d) => [d.externalId!, d.name]));
  const staffById = new Map(staff.map((s) => [String(s._id), s]));
  const byUserId = new Map(staff.map((s) => [s.userId, s]));
  const byDingTalk = new Map(staff.filter((s) => s.dingtalkUserId).map((s) => [s.dingtalkUserId!, s]));
  const byMobile = new Map(staff.filter((s) => s.active && !s.dingtalkUserId && s.mobile).map((s) => [s.mobile!, s]));
  const claimed = new Set<string>();
  const find = (person: DirectoryPerson): CurrentStaff | null => {
    if (platform === 'wecom') return byUserId.get(person.userId) ?? null;
    const native = byUserId.get(person.userId);
    const mobile = person.mobile ? normalizePhone(person.mobile) : '';
    return byDingTalk.get(person.userId) ?? (native && !native.dingtalkUserId ? native : null) ?? (mobile.length >= 5 ? (byMobile.get(mobile) ?? null) : null);
  };

  const people: DirectoryPlan['people'] = [];
  const seen = new Set<string>();
  for (const person of snapshot.people) {
    if (seen.has(person.userId)) continue;
    seen.add(person.userId);
    const found = find(person);
    const current = found && !claimed.has(String(found._id)) ? found : null;
    if (current) claimed.add(String(current._id));
    // A record another platform owns (WeCom-first, linked to DingTalk) keeps its own departments and title.
    const native = !current || platform === 'wecom' || current.userId === person.userId;
    const departmentsWanted = [...new Set(person.departmentExternalIds.map((id) => nameOf.get(id) ?? syncedName.get(departmentKey(platform, id))).filter((n): n is string => !!n))].slice(0, 20);
    const name = person.name.trim().slice(0, 60) || person.userId;
    const mobile = person.mobile ? normalizePhone(person.mobile).slice(0, 20) : undefined;
    const position = person.position?.trim().slice(0, 60) || undefined;
    const set: Record<string, unknown> = {};
    const changes: FieldChange[] = [];
    const want = (field: FieldChange['field'], key: string, from: unknown, to: unknown, same: boolean) => {
      if (same) return;
      set[key] = to;
      changes.push({ field, from: from ?? null, to });
    };
    want('name', 'name', current?.name, name, current?.name === name);
    if (native) {
      const carried = current?.departments.map((d) => renamed.get(d) ?? d) ?? [];
      want('departments', 'departments', current?.departments, departmentsWanted, !!current && sameSet(carried, departmentsWanted));
      if (position !== undefined) want('position', 'position', current?.position, position, current?.position === position);
    }
    if (mobile) want('mobile', 'mobile', current?.mobile, mobile, current?.mobile === mobile);
    if (platform === 'dingtalk') want('link', 'dingtalkUserId', current?.dingtalkUserId, person.userId, current?.dingtalkUserId === person.userId);
    let managerUserId: string | null | undefined;
    if (native && person.managerUserId !== undefined) {
      const currentManager = current?.managerId ? staffById.get(String(current.managerId)) : undefined;
      const currentManagerUserId = currentManager ? (platform === 'dingtalk' ? (currentManager.dingtalkUserId ?? currentManager.userId) : currentManager.userId) : null;
      const wanted = person.managerUserId && person.managerUserId !== person.userId ? person.managerUserId : null;
      if (currentManagerUserId !== wanted) {
        managerUserId = wanted;
        changes.push({ field: 'manager', from: currentManager?.name ?? null, to: wanted ? (snapshot.people.find((p) => p.userId === wanted)?.name ?? wanted) : null });
      }
    }
    const markSource = !current?.directorySources?.includes(platform);
    if (!current) {
      diff.staff.create.push({ userId: person.userId, name, departments: departmentsWanted });
    } else {
      if (changes.length) diff.staff.update.push({ id: String(current._id), userId: current.userId, name, changes });
      if (!current.active) diff.staff.inactive.push({ id: String(current._id), userId: current.userId, name: current.name });
    }
    if (!current || changes.length || markSource) people.push({ person, current, set, managerUserId, markSource });
  }

  // Leavers: synced from this platform before, active, and no longer listed (a partial snapshot names no leavers).
  const leavers = options.partial ? [] : staff.filter((s) => s.active && s.directorySources?.includes(platform) && !claimed.has(String(s._id)));
  let admins = staff.filter((s) => s.active && s.role === 'admin').length;
  const deactivate: CurrentStaff[] = [];
  for (const s of leavers) {
    if (s.role === 'admin' && admins <= 1) {
      warnings.push(`${s.name} (${s.userId}) left the directory but is the last active admin: kept active`);
      continue;
    }
    if (s.role === 'admin') admins--;
    deactivate.push(s);
    diff.staff.deactivate.push({ id: String(s._id), userId: s.userId, name: s.name });
  }
  return { diff, departments: plannedDepartments, people, deactivate };
}
