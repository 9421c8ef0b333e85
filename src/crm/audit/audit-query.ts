import { DateTime } from 'luxon';
import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { calendarDateSchema } from '../calendar-date.js';
import type { AuditLogRecord } from '../models/audit-log.js';
import { findStaffByUserId } from '../staff/find-staff.js';
import { getTenant } from '../tenants/get-tenant.js';
import { assertCan } from '../permissions/access-of.js';

const word = z.string().trim().min(1).max(64).regex(/^[\w.:-]+$/, 'must be letters, digits, _ . : or -');

/** The filters of the audit log, shared by the list and its export. */
export const auditFilterShape = {
  /** A staff id, or a staff member's platform user id. */
  actor: z.string().trim().min(1).max(64).optional(),
  entity: word.optional(),
  entityId: z.string().regex(/^[a-f0-9]{24}$/i, 'must be an id').optional(),
  action: word.optional(),
  /** Calendar dates in the company's time zone, both included. */
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
};

export type AuditFilters = { [K in keyof typeof auditFilterShape]?: z.output<(typeof auditFilterShape)[K]> };

/** Reading the audit log is the tenant admin's: it shows everyone's changes. */
export function assertMayReadAudit(actor: Actor): void {
  assertCan(actor, 'audit', 'view', 'the audit log is for admins');
}

/** The Mongo filter of the audit entries of the actor's tenant that match; never another tenant's. */
export async function auditFilter(actor: Actor, filters: AuditFilters): Promise<FilterQuery<AuditLogRecord>> {
  const query: FilterQuery<AuditLogRecord> = { tenantId: actor.tenantId };
  if (filters.actor) {
    const byId = /^[a-f0-9]{24}$/i.test(filters.actor);
    const staff = byId ? null : await findStaffByUserId(actor.tenantId, filters.actor);
    // Unknown user id: match the recorded name instead (system work, people since removed).
    if (byId) query.actorId = new Types.ObjectId(filters.actor);
    else if (staff) query.actorId = staff._id;
    else query.actorName = filters.actor;
  }
  if (filters.entity) query.entity = filters.entity;
  if (filters.entityId) query.entityId = new Types.ObjectId(filters.entityId);
  if (filters.action) query.action = filters.action;
  if (filters.from || filters.to) {
    const zone = (await getTenant(actor.tenantId)).timezone ?? 'Asia/Shanghai';
    const at: { $gte?: Date; $lt?: Date } = {};
    if (filters.from) at.$gte = DateTime.fromISO(filters.from, { zone }).startOf('day').toJSDate();
    if (filters.to) at.$lt = DateTime.fromISO(filters.to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
    query.at = at;
  }
  return query;
}
