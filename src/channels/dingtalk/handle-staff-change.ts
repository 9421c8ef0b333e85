import { Types } from 'mongoose';
import { z } from 'zod';
import { systemActor } from '../../crm/actor.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { linkDingTalkStaff } from '../../crm/staff/link-dingtalk-staff.js';
import { markStaffDeparted } from '../../crm/staff/mark-staff-departed.js';
import type { StoredInboxEvent } from '../../queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import { DingTalkConfigError } from './dingtalk-api-error.js';
import type { DingTalkRuntime } from './dingtalk-settings.js';
import type { StaffChangePayload } from './normalize-staff-change-event.js';

const payloadSchema = z.looseObject({ userIds: z.array(z.string().min(1)).min(1).max(1000) });

function payloadOf(event: StoredInboxEvent<StaffChangePayload>) {
  const parsed = payloadSchema.safeParse(event.payload);
  if (!parsed.success) throw new PermanentHandlerError('DingTalk staff event payload is malformed');
  return parsed.data;
}

/**
 * `staff.added` / `staff.updated`: read each person from DingTalk and upsert their Staff record
 * by the linking rules of {@link linkDingTalkStaff} (new people start as `sales`; an existing
 * record keeps its role; only `staff.added` reactivates). Idempotent.
 */
export function createStaffSyncHandler(runtime: () => DingTalkRuntime) {
  return async (event: StoredInboxEvent<StaffChangePayload>): Promise<void> => {
    const { userIds } = payloadOf(event);
    const client = runtime().client;
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
export function createStaffLeftHandler() {
  return async (event: StoredInboxEvent<StaffChangePayload>): Promise<void> => {
    const { userIds } = payloadOf(event);
    const tenantId = new Types.ObjectId(event.tenantId);
    const actor = systemActor(tenantId, 'event');
    for (const userId of userIds) {
      const staff = await findStaffByPlatformUser(tenantId, 'dingtalk', userId);
      if (staff) await markStaffDeparted(actor, staff);
    }
  };
}
