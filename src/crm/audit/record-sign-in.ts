import type { Types } from 'mongoose';
import type { Role } from '../actor.js';
import { recordAudit } from '../record-audit.js';

export interface SignedIn {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  role: Role;
  departments: string[];
}

/** A sign-in is an audit entry of its own (entity `session`, id the staff member's, so staff changes stay countable apart): who, when, and how (`dev`, `wecom`…). */
export async function recordSignIn(staff: SignedIn, method: string): Promise<void> {
  await recordAudit(
    { tenantId: staff.tenantId, staffId: staff._id, role: staff.role, departments: staff.departments, source: 'api', name: staff.name },
    { action: 'sign_in', entity: 'session', entityId: staff._id, before: null, after: { method } },
  );
}
