import type { Types } from 'mongoose';
import { systemActor } from '../actor.js';
import { Handover, type HandoverDoc } from '../models/handover.js';
import type { HandoverTransfer, TransferState } from './handover-transfer.js';
import { combineStates, failureReason, participantsOf, settleItem } from './settle-handover-item.js';

/** WeCom settles a transfer when the client answers or after 24 h: asking every few minutes is plenty. */
const CHECK_EVERY_MS = 10 * 60_000;
const HANDOVERS_PER_RUN = 50;

export interface FollowReport {
  checked: number;
  moved: number;
  failed: number;
  errors: number;
}

/**
 * Asks the platform how the waiting transfers of every company went (WeCom transfer_result /
 * resigned/transfer_result) and settles their items: accepted clients move in the CRM, refused
 * ones fail with the reason. Each handover is asked at most every ten minutes.
 */
export async function followHandoverTransfers(transfer: HandoverTransfer, now: Date, onError?: (error: unknown, handoverId: Types.ObjectId) => void): Promise<FollowReport> {
  const report: FollowReport = { checked: 0, moved: 0, failed: 0, errors: 0 };
  const due = await Handover.find({
    'transfer.platform': transfer.platform,
    'items.status': 'waiting',
    $or: [{ 'transfer.checkedAt': null }, { 'transfer.checkedAt': { $lte: new Date(now.getTime() - CHECK_EVERY_MS) } }],
  })
    .sort({ 'transfer.checkedAt': 1, _id: 1 })
    .limit(HANDOVERS_PER_RUN);
  for (const found of due) {
    const t = found.transfer!;
    try {
      const results = await transfer.results(found.tenantId, { resigned: found.kind === 'resigned', handoverUserId: t.handoverUserId, takeoverUserId: t.takeoverUserId });
      const settled = await changeHandover({ _id: found._id }, async (handover) => {
        handover.transfer!.checkedAt = now;
        return settleWaiting(handover, (id) => results.get(id) ?? { status: 'waiting' });
      });
      report.moved += settled[0]?.moved ?? 0;
      report.failed += settled[0]?.failed ?? 0;
      report.checked++;
    } catch (error) {
      report.errors++;
      onError?.(error, found._id);
      await Handover.updateOne({ _id: found._id }, { $set: { 'transfer.checkedAt': now } });
    }
  }
  return report;
}

/**
 * The platform says a transfer failed (WeCom's transfer_fail callback: the successor's user id,
 * the contact, customer_refused or customer_limit_exceed): the waiting items for that contact fail.
 */
export async function failHandoverTransfer(tenantId: Types.ObjectId, input: { takeoverUserId: string; externalUserId: string; reason: string }): Promise<number> {
  const state: TransferState = { status: 'failed', reason: failureReason(input.reason) };
  const settled = await changeHandover({ tenantId, 'transfer.takeoverUserId': input.takeoverUserId, 'items.externalUserIds': input.externalUserId }, (handover) =>
    settleWaiting(handover, (id) => (id === input.externalUserId ? state : { status: 'waiting' })),
  );
  return settled.reduce((n, s) => n + s.failed, 0);
}

const MAX_TRIES = 5;

/**
 * Applies a change to each matching handover and saves it; when another writer saved it meanwhile
 * (the version moved), reads it again and re-applies — the CRM moves are idempotent, so a re-applied
 * change moves nothing twice.
 */
async function changeHandover<R>(filter: Record<string, unknown>, change: (handover: HandoverDoc) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const { _id } of await Handover.find(filter, { _id: 1 }).lean()) {
    for (let attempt = 1; ; attempt++) {
      const handover = await Handover.findById(_id);
      if (!handover) break;
      const result = await change(handover);
      try {
        await handover.save();
        results.push(result);
        break;
      } catch (error) {
        if ((error as { name?: string }).name !== 'VersionError' || attempt >= MAX_TRIES) throw error;
      }
    }
  }
  return results;
}

async function settleWaiting(handover: HandoverDoc, stateOf: (externalUserId: string) => TransferState): Promise<{ moved: number; failed: number }> {
  const people = await participantsOf(handover);
  const actor = systemActor(handover.tenantId, 'job');
  const counts = { moved: 0, failed: 0 };
  for (const item of handover.items) {
    if (item.status !== 'waiting') continue;
    const state = combineStates(item.externalUserIds.map(stateOf));
    if (state.status === 'waiting') continue;
    item.at = new Date();
    if ((await settleItem(actor, handover, item, state, people)) === 'moved') counts.moved++;
    else counts.failed++;
  }
  handover.markModified('items');
  return counts;
}
