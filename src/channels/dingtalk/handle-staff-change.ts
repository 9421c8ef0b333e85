import { Types } from 'mongoose';
import { z } from 'zod';
import { systemActor } from '../../crm/actor.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { markStaffDeparted } from '../../crm/staff/mark-staff-departed.js';
import { upsertStaff } from '../../crm/staff/upsert-staff.js';
import { findActiveStaffByMobile } from '../../crm/staff/find-staff-by-mobile.js';
import type { StoredInboxEvent } from '../../inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../inbox/permanent-handler-error.js';
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
 * (new people start as `sales`; an existing record keeps its role). A person already known by
 * mobile (e.g. a WeCom-first record) is linked rather than duplicated. Idempotent.
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
      const existing =
        (await findStaffByPlatformUser(tenantId, 'dingtalk', userId)) ??
        (user.mobile ? await findActiveStaffByMobile(tenantId, user.mobile) : null);
      const native = !existing || existing.userId === userId;
      await upsertStaff(actor, tenantId, {
        userId: existing?.userId ?? userId,
        name: user.name.slice(0, 64),
        dingtalkUserId: userId,
        active: true,
        ...(user.mobile ? { mobile: user.mobile.slice(0, 20) } : {}),
        // Departments drive managers' data scope; a record owned by another platform keeps its own.
        ...(native ? { departments: user.deptIds.slice(0, 20) } : {}),
      });
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
