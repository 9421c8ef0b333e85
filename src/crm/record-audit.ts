import type { Types } from 'mongoose';
import type { Actor } from './actor.js';
import { AuditLog } from './models/audit-log.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: Types.ObjectId;
  before: unknown;
  after: unknown;
  at?: Date;
}

/** Every change, whatever its source, leaves who/what/when/before/after. */
export async function recordAudit(actor: Actor, entry: AuditEntry): Promise<void> {
  await AuditLog.create({
    tenantId: actor.tenantId,
    actorId: actor.staffId,
    actorName: actor.name,
    source: actor.source,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: toPlain(entry.before),
    after: toPlain(entry.after),
    at: entry.at ?? new Date(),
  });
}

function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value));
}
