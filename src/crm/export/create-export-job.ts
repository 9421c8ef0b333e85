import { z } from 'zod';
import type { Actor } from '../actor.js';
import { recordAudit } from '../record-audit.js';
import { parseInput } from '../../parse-input.js';
import { ExportJob, type ExportJobDoc } from './export-job-model.js';
import { EXPORT_KIND_NAMES, prepareExportOfKind, type ExportKind } from './export-kinds.js';

export const createExportJobSchema = z
  .object({
    kind: z.enum(EXPORT_KIND_NAMES as [ExportKind, ...ExportKind[]]),
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    /** The kind's own filters, as its direct export takes them (the customer list's `filter` as an object). */
    filters: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type CreateExportJobInput = z.input<typeof createExportJobSchema>;

/**
 * Queues a large export. The filters and the export permission are checked now, as a direct
 * export checks them (400 / 403 before anything is queued); the worker writes the file later with
 * the caller's role and departments as they are now.
 */
export async function createExportJob(actor: Actor, rawInput: CreateExportJobInput): Promise<ExportJobDoc> {
  const input = parseInput(createExportJobSchema, rawInput);
  const request = { ...input.filters, format: input.format };
  await prepareExportOfKind(actor, input.kind, request);
  const job = await ExportJob.create({
    tenantId: actor.tenantId,
    createdBy: actor.staffId,
    actor: { role: actor.role, departments: actor.departments, name: actor.name ?? null },
    kind: input.kind,
    format: input.format,
    inputJson: JSON.stringify(request),
    status: 'queued',
    queuedAt: new Date(),
  });
  await recordAudit(actor, { action: 'create', entity: 'export_job', entityId: job._id, before: null, after: { kind: input.kind, format: input.format, filters: input.filters } });
  return job;
}
