import type { Actor } from '../actor.js';
import { requireImportAdmin } from './find-import.js';
import { ImportJob, type ImportJobDoc } from './import-job-model.js';

/** The tenant's most recent imports, newest first. */
export async function listImports(actor: Actor, limit = 50): Promise<ImportJobDoc[]> {
  requireImportAdmin(actor);
  return ImportJob.find({ tenantId: actor.tenantId }).sort({ createdAt: -1 }).limit(limit);
}
