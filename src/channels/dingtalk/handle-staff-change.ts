import { Types } from 'mongoose';
import { systemActor } from '../../crm/actor.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { linkDingTalkStaff } from '../../crm/staff/link-dingtalk-staff.js';
import { markStaffDeparted } from '../../crm/staff/mark-staff-departed.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import { DingTalkConfigError } from './dingtalk-api-error.js';
import type { DingTalkRuntime } from './dingtalk-settings.js';
import type { InboxHandler } from '../../queue/inbox/inbox-handlers.js';

/**
 * `staff.added` / `staff.updated`: read each person from DingTalk and upsert their Staff record
 * by the linking rules of {@link linkDingTalkStaff} (new people start as `sales`; an existing
 * record keeps its role; only `staff.added` reactivates). Idempotent.
 */
export function createStaffSyncHandler(runtime: (tenantId: string) => DingTalkRuntime | Promise<DingTalkRuntime>): InboxHandler<'staff.added' | 'staff.updated'> {
  return async (event) => {
    const { userIds } = event.payload;
    // Each company's events are read with its own app (runtime of the event's tenant).
    const { client } = await runtime(event.tenantId);
    if (!client) throw new PermanentHandlerError('DingTalk app key/secret are not configured');
    const tenantId = new Types.ObjectId(event.tenantId);
    const actor = systemActor(tenantId, 'event');
    for (const userId of userIds) {
      let user;
      try {
        user = await client.getUser(userId);
      } catch (error) {
        if (error instanceof DingTalkConfigError) throw new PermanentHandlerError(error.message, { cause: error });
        throw error;
      }
      if (!user) continue; // left again before we looked; user_leave_org handles it
      await linkDingTalkStaff(
        actor,
        tenantId,
        { userId, name: user.name, deptIds: user.deptIds, ...(user.mobile ? { mobile: user.mobile } : {}) },
        { reason: event.kind === 'staff.added' ? 'added' : 'updated' },
      );
    }
  };
}

/** `staff.left`: deactivate the person and flag their customers for transfer. Idempotent. */
export function createStaffLeftHandler(): InboxHandler<'staff.left'> {
  return async (event) => {
    const { userIds } = event.payload;
    const tenantId = new Types.ObjectId(event.tenantId);
    const actor = systemActor(tenantId, 'event');
    for (const userId of userIds) {
      const staff = await findStaffByPlatformUser(tenantId, 'dingtalk', userId);
      if (staff) await markStaffDeparted(actor, staff);
    }
  };
}
