import type { Types } from 'mongoose';
import { NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { ImportJob, type ImportJobDoc } from './import-job-model.js';
import { assertCan } from '../permissions/access-of.js';

/**
 * Imports are an admin's work: they create and change customers of every owner in the tenant and
 * see duplicates across the whole tenant, which a manager's data scope does not cover.
 */
export function requireImportAdmin(actor: Actor): void {
  assertCan(actor, 'imports', 'view', 'imports are for admins');
}

/** An import of the actor's tenant, or NotFound. */
export async function findImport(actor: Actor, id: Types.ObjectId | string): Promise<ImportJobDoc> {
  requireImportAdmin(actor);
  const job = await ImportJob.findOne({ _id: id, tenantId: actor.tenantId });
  if (!job) throw new NotFound('import');
  return job;
}
