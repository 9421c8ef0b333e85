import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import type { StaffDoc } from '../models/staff.js';
import { findStaffToLinkByMobile } from './find-staff-by-mobile.js';
import { findStaffByPlatformUser } from './find-staff-by-platform-user.js';
import { upsertStaff } from './upsert-staff.js';

/** A person as DingTalk's address book describes them. */
export interface DingTalkPerson {
  userId: string;
  name: string;
  mobile?: string;
  deptIds: string[];
}

export interface LinkDingTalkStaffOptions {
  /**
   * Why we are looking: `added` (joined the organisation: may create the record and reactivates
   * it), `updated` (may create, never reactivates — an admin may have deactivated the person),
   * `sender` (a robot message: links an existing record only, creates nobody).
   */
  reason: 'added' | 'updated' | 'sender';
}

/**
 * The one rule set for tying a DingTalk user to a Staff record:
 * - a record already linked to this DingTalk user (or DingTalk-native under this id) is theirs;
 * - otherwise an active record with the same mobile is linked, but only one not yet linked to
 *   another DingTalk user (an existing link is never overwritten);
 * - only `added` reactivates a deactivated record;
 * - departments drive managers' data scope, so a record owned by another platform keeps its own.
 * Returns the record, or null when `sender` matched nobody.
 */
export async function linkDingTalkStaff(
  actor: Actor,
  tenantId: Types.ObjectId,
  person: DingTalkPerson,
  options: LinkDingTalkStaffOptions,
): Promise<StaffDoc | null> {
  const existing =
    (await findStaffByPlatformUser(tenantId, 'dingtalk', person.userId)) ??
    (person.mobile ? await findStaffToLinkByMobile(tenantId, person.mobile) : null);
  if (!existing && options.reason === 'sender') return null;
  const native = !existing || existing.userId === person.userId;
  const name = person.name.trim().slice(0, 64);
  return upsertStaff(actor, tenantId, {
    userId: existing?.userId ?? person.userId,
    ...(name ? { name } : {}),
    dingtalkUserId: person.userId,
    ...(options.reason === 'added' ? { active: true } : {}),
    ...(person.mobile ? { mobile: person.mobile.slice(0, 20) } : {}),
    ...(native ? { departments: person.deptIds.slice(0, 20) } : {}),
  });
}
