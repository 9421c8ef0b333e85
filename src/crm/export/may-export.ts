import type { Actor } from '../actor.js';
import { Forbidden } from '../../errors.js';
import { assertCan } from '../permissions/access-of.js';
import type { PermissionModule } from '../permissions/catalogue.js';
import { getTenant } from '../tenants/get-tenant.js';

/**
 * Export is a permission of its own: the caller's groups must grant `export` on the module whose
 * records leave, and a tenant may still keep it from some roles (`permissions.exportRoles`).
 */
export async function assertMayExport(actor: Actor, module: PermissionModule): Promise<void> {
  assertCan(actor, module, 'export', `exporting ${module} is not allowed for you in this company; ask an admin`);
  const allowed = (await getTenant(actor.tenantId)).permissions?.exportRoles;
  if (allowed && !allowed.includes(actor.role)) {
    throw new Forbidden(`exporting is not allowed for the ${actor.role} role in this company; ask an admin`);
  }
}
