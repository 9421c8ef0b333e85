import { Types } from 'mongoose';
import { Conflict, NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { Handover, type HandoverDoc } from '../models/handover.js';
import { Staff } from '../models/staff.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { handoverView, type HandoverView } from './handover-view.js';
import { moveClient } from './move-client.js';
import { planHandover } from './plan-handover.js';
import { can } from '../permissions/access-of.js';

/**
 * What a platform does for one client beyond the CRM (WeCom moves the external contact): 'moved'
 * to go on, or a reason the item fails or waits for. Absent, only CRM ownership moves.
 */
export type TransferClient = (
  handover: HandoverDoc,
  customerId: Types.ObjectId,
) => Promise<{ status: 'moved' } | { status: 'failed' | 'waiting'; reason: string }>;

const CRM_ONLY_NOTE = 'CRM ownership, open reminders, deals and tickets moved; no chat-platform handover of external contacts';

/** Plans and, unless a dry run, records and carries out a handover; returns the record. */
export async function runHandover(actor: Actor, raw: unknown, transfer?: TransferClient): Promise<HandoverView> {
  const plan = await planHandover(actor, raw);
  const record = {
    tenantId: actor.tenantId,
    fromStaffId: plan.from._id,
    toStaffId: plan.to._id,
    kind: plan.kind,
    note: transfer ? null : CRM_ONLY_NOTE,
    items: plan.customers.map((c) => ({ customerId: c._id, customerName: c.name, status: 'pending' as const, reason: null, moved: null, attempts: 0, at: null })),
    createdBy: actor.staffId,
  };
  if (plan.dryRun) return handoverView(record, true);
  const handover = await Handover.create(record);
  await recordAudit(actor, { action: 'handover.create', entity: 'handover', entityId: handover._id, before: null, after: record });
  return carryOut(actor, handover, transfer);
}

/** Runs the items that are not moved yet again (a failed WeCom transfer, an interrupted run). */
export async function retryHandover(actor: Actor, id: string, transfer?: TransferClient): Promise<HandoverView> {
  const handover = await findHandover(actor, id);
  if (!handover.items.some((i) => i.status !== 'moved')) throw new Conflict('every client of this handover has already moved');
  return carryOut(actor, handover, transfer);
}

export async function findHandover(actor: Actor, id: string): Promise<HandoverDoc> {
  const handover = Types.ObjectId.isValid(id) ? await Handover.findOne({ _id: new Types.ObjectId(id), tenantId: actor.tenantId }) : null;
  if (!handover || !can(actor, 'handover', 'view')) throw new NotFound('handover');
  if (!(await mayActForStaff(actor, handover.fromStaffId))) throw new NotFound('handover');
  return handover;
}

async function carryOut(actor: Actor, handover: HandoverDoc, transfer?: TransferClient): Promise<HandoverView> {
  const people = await Staff.find({ tenantId: actor.tenantId, _id: { $in: [handover.fromStaffId, handover.toStaffId] } }, { name: 1 }).lean();
  const nameOf = (id: Types.ObjectId) => people.find((p) => p._id.equals(id))?.name ?? String(id);
  const from = { _id: handover.fromStaffId, name: nameOf(handover.fromStaffId) };
  const to = { _id: handover.toStaffId, name: nameOf(handover.toStaffId) };
  for (const item of handover.items) {
    if (item.status === 'moved') continue;
    item.attempts = (item.attempts ?? 0) + 1;
    item.at = new Date();
    const outside = transfer ? await transfer(handover, item.customerId) : ({ status: 'moved' } as const);
    if (outside.status !== 'moved') {
      item.status = outside.status;
      item.reason = outside.reason;
      continue;
    }
    const moved = await moveClient(actor, { handoverId: handover._id, customerId: item.customerId, from, to });
    item.status = moved ? 'moved' : 'failed';
    item.reason = moved ? null : 'the client no longer belongs to the giver';
    item.moved = moved;
  }
  handover.markModified('items');
  await handover.save();
  return handoverView(handover.toObject());
}
