import type { Actor } from '../actor.js';
import { Forbidden } from '../../errors.js';
import { getTenant } from '../tenants/get-tenant.js';

/** Export is a permission of its own: a tenant may keep it from some roles (`permissions.exportRoles`). */
export async function assertMayExport(actor: Actor): Promise<void> {
  const allowed = (await getTenant(actor.tenantId)).permissions?.exportRoles;
  if (allowed && !allowed.includes(actor.role)) {
    throw new Forbidden(`exporting is not allowed for the ${actor.role} role in this company; ask an admin`);
  }
}
