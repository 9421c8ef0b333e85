import type { Types } from 'mongoose';
import type { Actor, Role } from '../actor.js';
import { Staff } from '../models/staff.js';
import { visibleStaffIds } from '../resolve-data-scope.js';

export interface TeamMember {
  id: string;
  name: string;
  role: Role;
  active: boolean;
}

/** Whose work a digest covers: the recipient's departments (manager), the tenant (admin), or themselves. */
export interface DigestTeam {
  tenantId: Types.ObjectId;
  recipient: TeamMember;
  departments: string[];
  wholeTenant: boolean;
  /** Everyone whose customers and activities count, the recipient included. */
  memberIds: Set<string>;
  members: Map<string, TeamMember>;
}

export interface RecipientStaff {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  role: Role;
  departments: string[];
  active: boolean;
  userId: string;
  dingtalkUserId?: string | null;
}

export function toTeamMember(staff: RecipientStaff): TeamMember {
  return {
    id: String(staff._id),
    name: staff.name,
    role: staff.role,
    active: staff.active,
  };
}

/** The actor a digest is built as: the recipient, so the digest shows exactly what they may see. */
export function digestActor(staff: RecipientStaff): Actor {
  return { tenantId: staff.tenantId, staffId: staff._id, role: staff.role, departments: staff.departments, source: 'job' };
}

/**
 * Resolves the team through the one data-scope function (visibleStaffIds). `allStaff` lets a
 * batch run pass the tenant's staff once instead of reading it again for every recipient.
 */
export async function resolveDigestTeam(staff: RecipientStaff, allStaff?: RecipientStaff[]): Promise<DigestTeam> {
  const visible = await visibleStaffIds(digestActor(staff));
  const pool =
    allStaff ??
    (await Staff.find(
      visible === 'all' ? { tenantId: staff.tenantId } : { tenantId: staff.tenantId, _id: { $in: visible } },
    ).lean<RecipientStaff[]>());
  const wanted = visible === 'all' ? null : new Set(visible.map(String));
  const members = new Map<string, TeamMember>();
  for (const s of pool) {
    if (!s.tenantId.equals(staff.tenantId)) continue;
    if (wanted && !wanted.has(String(s._id))) continue;
    members.set(String(s._id), toTeamMember(s));
  }
  members.set(String(staff._id), toTeamMember(staff));
  return {
    tenantId: staff.tenantId,
    recipient: toTeamMember(staff),
    departments: staff.role === 'admin' ? [] : staff.departments,
    wholeTenant: visible === 'all',
    memberIds: new Set(members.keys()),
    members,
  };
}
