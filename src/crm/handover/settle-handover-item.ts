import type { Types } from 'mongoose';
import { describeTransferFailure } from '../contacts/contact-changes.js';
import type { Actor } from '../actor.js';
import type { HandoverDoc } from '../models/handover.js';
import { Staff } from '../models/staff.js';
import type { TransferState } from './handover-transfer.js';
import { moveClient } from './move-client.js';

type Item = HandoverDoc['items'][number];

export interface Participant {
  _id: Types.ObjectId;
  name: string;
  userId: string;
}

/** The giver and the successor of a handover, with their names and platform user ids. */
export async function participantsOf(handover: HandoverDoc): Promise<{ from: Participant; to: Participant }> {
  const people = await Staff.find({ tenantId: handover.tenantId, _id: { $in: [handover.fromStaffId, handover.toStaffId] } }, { name: 1, userId: 1 }).lean();
  const of = (id: Types.ObjectId): Participant => {
    const p = people.find((s) => s._id.equals(id));
    return { _id: id, name: p?.name ?? String(id), userId: p?.userId ?? '' };
  };
  return { from: of(handover.fromStaffId), to: of(handover.toStaffId) };
}

/** A client bound to several contacts moves once every one has; one failure fails the client. */
export function combineStates(states: readonly TransferState[]): TransferState {
  const failed = states.filter((s): s is Extract<TransferState, { status: 'failed' }> => s.status === 'failed');
  if (failed.length) return { status: 'failed', reason: [...new Set(failed.map((f) => f.reason))].join('; ') };
  if (states.some((s) => s.status === 'waiting')) return { status: 'waiting' };
  return { status: 'moved' };
}

/** The reason shown for a platform failure code (customer_refused → "customer_refused: 客户拒绝"). */
export function failureReason(code: string): string {
  const described = describeTransferFailure(code);
  return described === code ? code : `${code}: ${described}`;
}

export const WAITING_REASON = 'waiting for the client to accept (WeCom moves the contact within 24 h unless they refuse)';

/**
 * Applies what the platform said to one item: waiting and failed are noted with the reason; moved
 * carries the client over in the CRM (ownership, reminders, deals, tickets, timeline, audit).
 */
export async function settleItem(actor: Actor, handover: HandoverDoc, item: Item, state: TransferState, people: { from: Participant; to: Participant }): Promise<Item['status']> {
  if (state.status !== 'moved') {
    item.status = state.status;
    item.reason = state.status === 'failed' ? state.reason : WAITING_REASON;
    return item.status;
  }
  const moved = await moveClient(actor, { handoverId: handover._id, customerId: item.customerId, from: people.from, to: people.to });
  item.status = moved ? 'moved' : 'failed';
  item.reason = moved ? null : 'the client no longer belongs to the giver';
  item.moved = moved;
  return item.status;
}
