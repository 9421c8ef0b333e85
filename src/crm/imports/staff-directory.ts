import type { Types } from 'mongoose';
import { listActiveStaff } from '../staff/list-active-staff.js';
import { normalizePhone } from '../normalize-phone.js';

/** Resolves an owner cell (user id, name or mobile) to an active staff member of the tenant. */
export interface StaffDirectory {
  /** The staff id, or a reason it cannot be resolved. */
  resolve(text: string): { id: Types.ObjectId } | { problem: string };
}

export async function loadStaffDirectory(tenantId: Types.ObjectId): Promise<StaffDirectory> {
  const staff = await listActiveStaff(tenantId, 100_000);
  const byUserId = new Map<string, Types.ObjectId>();
  const byName = new Map<string, Types.ObjectId[]>();
  const byMobile = new Map<string, Types.ObjectId>();
  for (const s of staff) {
    byUserId.set(s.userId.toLowerCase(), s._id);
    const name = s.name.trim().normalize('NFKC');
    byName.set(name, [...(byName.get(name) ?? []), s._id]);
    if (s.mobile) byMobile.set(normalizePhone(s.mobile), s._id);
  }
  return {
    resolve(text) {
      const wanted = text.trim().normalize('NFKC');
      const id = byUserId.get(wanted.toLowerCase());
      if (id) return { id };
      const named = byName.get(wanted);
      if (named?.length === 1) return { id: named[0]! };
      if (named && named.length > 1) return { problem: `"${text}" names ${named.length} staff members; use the user id` };
      const digits = normalizePhone(wanted);
      const byPhone = digits.length >= 7 ? byMobile.get(digits) : undefined;
      if (byPhone) return { id: byPhone };
      return { problem: `no active staff member with user id, name or mobile "${text}"` };
    },
  };
}
