import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { ExportJob, type ExportJobDoc } from './export-job-model.js';

/** An export job the caller may see: their own, or any of the tenant for an admin (others: 404). */
export async function findExportJob(actor: Actor, id: string): Promise<ExportJobDoc> {
  const job = await ExportJob.findOne({
    _id: new Types.ObjectId(id),
    tenantId: actor.tenantId,
    ...(actor.role === 'admin' ? {} : { createdBy: actor.staffId }),
  });
  if (!job) throw new NotFound('export job');
  return job;
}
