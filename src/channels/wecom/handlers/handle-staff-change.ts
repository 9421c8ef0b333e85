import { systemActor } from '../../../crm/actor.js';
import { syncDirectory } from '../../../crm/org/sync-directory.js';
import { findStaffByPlatformUser } from '../../../crm/staff/find-staff-by-platform-user.js';
import { markStaffDeparted } from '../../../crm/staff/mark-staff-departed.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { WecomApiError } from '../api/api-errors.js';
import type { WecomUser } from '../api/api-schemas.js';
import { isWecomMember, wecomDirectoryPerson } from '../sync/fetch-wecom-directory.js';
import type { WecomHandlerDeps } from './handler-deps.js';

/** 60111: no such userid (deleted again before we looked; delete_user follows). */
const USER_GONE = 60111;

/**
 * change_contact create_user / update_user: read the person with user/get and apply them through
 * the directory sync (partial: only them), so a callback and the nightly sync agree. Someone
 * disabled or exited in WeCom is a departure. Idempotent.
 */
export function handleWecomStaffChanged(deps: WecomHandlerDeps): InboxHandler<'staff.added' | 'staff.updated'> {
  return async (event) => {
    const actor = systemActor(deps.tenantId, 'event');
    const people = [];
    for (const userId of event.payload.userIds) {
      let user: WecomUser;
      try {
        user = await deps.client().getUser(userId);
      } catch (error) {
        if (error instanceof WecomApiError && error.errcode === USER_GONE) continue;
        throw error;
      }
      if (isWecomMember(user)) people.push(wecomDirectoryPerson(user));
      else await departed(deps, userId);
    }
    if (people.length) await syncDirectory(actor, { platform: 'wecom', departments: [], people }, { dryRun: false, partial: true });
  };
}

async function departed(deps: WecomHandlerDeps, userId: string): Promise<void> {
  const staff = await findStaffByPlatformUser(deps.tenantId, 'wecom', userId);
  if (staff) await markStaffDeparted(systemActor(deps.tenantId, 'event'), staff);
}

/** change_contact delete_user: the member left; deactivated (never deleted), customers flagged. Idempotent. */
export function handleWecomStaffLeft(deps: WecomHandlerDeps): InboxHandler<'staff.left'> {
  return async (event) => {
    for (const userId of event.payload.userIds) await departed(deps, userId);
  };
}
