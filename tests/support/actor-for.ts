import type { Actor, ChangeSource } from '../../src/crm/actor.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';

/** The actor a staff member is when the test (or its seed data) acts as them. */
export function actorFor(staff: StaffDoc, source: ChangeSource = 'api'): Actor {
  return { tenantId: staff.tenantId, staffId: staff._id, role: staff.role, departments: staff.departments, source, name: staff.name };
}
