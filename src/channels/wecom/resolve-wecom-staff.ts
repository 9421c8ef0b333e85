import type { Types } from 'mongoose';
import { systemActor } from '../../crm/actor.js';
import type { StaffLookup } from '../../crm/contacts/contact-changes.js';
import { Staff, type StaffDoc } from '../../crm/models/staff.js';
import { staffInputSchema, upsertStaff } from '../../crm/staff/upsert-staff.js';
import { WecomApiError } from './api/api-errors.js';
import type { WecomApiClient } from './api/wecom-api-client.js';

/**
 * Staff records for WeCom member ids, creating the missing ones from user/get (name, departments)
 * so a salesperson who adds a customer can own it. A member the app may not read (outside its
 * visible range) is still recorded, under their userid.
 */
export async function resolveWecomStaff(
  tenantId: Types.ObjectId,
  userIds: string[],
  client: Pick<WecomApiClient, 'getUser'>,
): Promise<Map<string, StaffDoc>> {
  const wanted = [...new Set(userIds.filter(Boolean))];
  const found = await Staff.find({ tenantId, userId: { $in: wanted } });
  const byUserId = new Map(found.map((s) => [s.userId, s]));
  const actor = systemActor(tenantId, 'event');
  for (const userId of wanted) {
    if (byUserId.has(userId) || !staffInputSchema.shape.userId.safeParse(userId).success) continue;
    let name: string | undefined;
    let departments: string[] | undefined;
    try {
      const user = await client.getUser(userId);
      name = user.name.trim().slice(0, 64) || undefined;
      departments = user.department.slice(0, 20).map(String);
    } catch (error) {
      // Not readable (visibility, deleted member): record the id anyway. Anything transient is retried.
      if (!(error instanceof WecomApiError) || error.retryable) throw error;
    }
    const staff = await upsertStaff(actor, tenantId, { userId, ...(name ? { name } : {}), ...(departments ? { departments } : {}) });
    byUserId.set(userId, staff);
  }
  return byUserId;
}

export function staffLookupOf(staff: Map<string, StaffDoc>): StaffLookup {
  return {
    staffId: (userId) => staff.get(userId)?._id ?? null,
    name: (userId) => staff.get(userId)?.name ?? userId,
  };
}
