import { Types } from 'mongoose';
import { Forbidden } from '../../errors.js';
import type { Actor } from '../actor.js';
import { StatTarget } from '../models/stat-rollup.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { targetSchema, type TargetInput } from './statistics-input.js';
import { can } from '../permissions/access-of.js';

/** Sets a person's monthly target (managers for their departments, admins for anyone); audited. */
export async function setTarget(actor: Actor, raw: TargetInput) {
  const input = parseInput(targetSchema, raw);
  if (!can(actor, 'statistics', 'edit') || !(await mayActForStaff(actor, input.staffId))) throw new Forbidden('targets are set by managers for their departments and by admins');
  await requireActiveStaff(actor.tenantId, [input.staffId]);
  const key = { tenantId: actor.tenantId, staffId: new Types.ObjectId(input.staffId), month: input.month };
  const before = await StatTarget.findOne(key).lean();
  const after = await StatTarget.findOneAndUpdate(
    key,
    { $set: { ...(input.wonAmount !== undefined ? { wonAmount: input.wonAmount } : {}), ...(input.followUps !== undefined ? { followUps: input.followUps } : {}) } },
    { upsert: true, new: true },
  ).lean();
  await recordAudit(actor, { action: 'target.set', entity: 'stat_target', entityId: after!._id, before, after });
  return { staffId: input.staffId, month: input.month, wonAmount: after!.wonAmount, followUps: after!.followUps };
}
