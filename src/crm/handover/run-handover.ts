import { Types } from 'mongoose';
import { Conflict, NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { Handover, type HandoverDoc } from '../models/handover.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { carryOutHandover } from './carry-out-handover.js';
import type { HandoverTransfer } from './handover-transfer.js';
import { handoverView, type HandoverView } from './handover-view.js';
import { planHandover } from './plan-handover.js';
import { can } from '../permissions/access-of.js';

/**
 * Plans and, unless a dry run, records and carries out a handover; returns the record. With a
 * platform `transfer` (WeCom), clients bound to the giver's external contacts move when the
 * platform accepts; the others (and every client when there is none) move in the CRM at once.
 */
export async function runHandover(actor: Actor, raw: unknown, transfer?: HandoverTransfer): Promise<HandoverView> {
  const plan = await planHandover(actor, raw);
  const record = {
    tenantId: actor.tenantId,
    fromStaffId: plan.from._id,
    toStaffId: plan.to._id,
    kind: plan.kind,
    note: null,
    items: plan.customers.map((c) => ({ customerId: c._id, customerName: c.name, status: 'pending' as const, reason: null, moved: null, attempts: 0, at: null, externalUserIds: [] })),
    transfer: null,
    transferSuccessMsg: plan.transferSuccessMsg ?? null,
    createdBy: actor.staffId,
  };
  if (plan.dryRun) return handoverView(record, true);
  const handover = await Handover.create(record);
  await recordAudit(actor, { action: 'handover.create', entity: 'handover', entityId: handover._id, before: null, after: record });
  return carryOutHandover(actor, handover, transfer);
}

/** Runs the items that are not moved yet again (a refused WeCom transfer, an interrupted run). */
export async function retryHandover(actor: Actor, id: string, transfer?: HandoverTransfer): Promise<HandoverView> {
  const handover = await findHandover(actor, id);
  if (!handover.items.some((i) => i.status !== 'moved')) throw new Conflict('every client of this handover has already moved');
  return carryOutHandover(actor, handover, transfer);
}

export async function findHandover(actor: Actor, id: string): Promise<HandoverDoc> {
  const handover = Types.ObjectId.isValid(id) ? await Handover.findOne({ _id: new Types.ObjectId(id), tenantId: actor.tenantId }) : null;
  if (!handover || !can(actor, 'handover', 'view')) throw new NotFound('handover');
  if (!(await mayActForStaff(actor, handover.fromStaffId))) throw new NotFound('handover');
  return handover;
}
