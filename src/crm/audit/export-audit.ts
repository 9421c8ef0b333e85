import { z } from 'zod';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { assertMayExport } from '../export/may-export.js';
import { type PreparedExport, streamTableExport } from '../export/stream-table-export.js';
import type { Cell } from '../export/table-writer.js';
import { AuditLog } from '../models/audit-log.js';
import { assertMayReadAudit, auditFilter, auditFilterShape } from './audit-query.js';

export const exportAuditSchema = z
  .object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), ...auditFilterShape })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export type ExportAuditInput = z.input<typeof exportAuditSchema>;

const HEADER = ['时间 At', '操作人 Actor', '来源 Source', '操作 Action', '对象 Entity', '对象编号 Entity id', '变更前 Before', '变更后 After'];

const json = (value: unknown): Cell => (value === null || value === undefined ? null : JSON.stringify(value));

/** The audit entries matching the list's filters, oldest first, streamed; the export is itself audited. */
export async function prepareAuditExport(actor: Actor, rawInput: ExportAuditInput): Promise<PreparedExport> {
  const { format, ...filters } = parseInput(exportAuditSchema, rawInput);
  assertMayReadAudit(actor);
  await assertMayExport(actor, 'audit');
  const query = await auditFilter(actor, filters);
  return {
    format,
    name: 'audit-log',
    run: (output) => {
      const entries = AuditLog.find(query).sort({ at: 1, _id: 1 }).lean().cursor({ batchSize: 500 });
      async function* rows(): AsyncGenerator<readonly Cell[]> {
        for await (const e of entries) {
          yield [e.at, e.actorName ?? (e.actorId ? String(e.actorId) : null), e.source, e.action, e.entity, String(e.entityId), json(e.before), json(e.after)];
        }
      }
      return streamTableExport(actor, { format, sheetName: 'Audit log', header: HEADER, rows: rows(), auditEntity: 'audit_export', filters }, output);
    },
  };
}
