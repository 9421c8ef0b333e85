import { z } from 'zod';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { AuditLog } from '../models/audit-log.js';
import { assertMayReadAudit, auditFilter, auditFilterShape } from './audit-query.js';

export const listAuditSchema = z
  .object({
    ...auditFilterShape,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export type ListAuditInput = z.input<typeof listAuditSchema>;

export interface AuditEntryView {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  source: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** One page of the tenant's audit log, newest first, with the total for the filters. Admins only. */
export async function listAuditEntries(actor: Actor, rawInput: ListAuditInput): Promise<{ items: AuditEntryView[]; total: number; page: number; limit: number }> {
  const { page, limit, ...filters } = parseInput(listAuditSchema, rawInput);
  assertMayReadAudit(actor);
  const query = await auditFilter(actor, filters);
  const [docs, total] = await Promise.all([
    AuditLog.find(query).sort({ at: -1, _id: -1 }).skip((page - 1) * limit).limit(limit).lean(),
    AuditLog.countDocuments(query),
  ]);
  const items = docs.map((d) => ({
    id: String(d._id),
    at: d.at,
    actorId: d.actorId ? String(d.actorId) : null,
    actorName: d.actorName ?? null,
    source: d.source,
    action: d.action,
    entity: d.entity,
    entityId: String(d.entityId),
    before: d.before ?? null,
    after: d.after ?? null,
  }));
  return { items, total, page, limit };
}
