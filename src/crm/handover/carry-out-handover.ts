import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import { ExternalContact } from '../contacts/external-contact-model.js';
import type { HandoverDoc } from '../models/handover.js';
import type { HandoverTransfer, TransferState } from './handover-transfer.js';
import { handoverView, type HandoverView } from './handover-view.js';
import { combineStates, participantsOf, settleItem } from './settle-handover-item.js';

export const CRM_ONLY_NOTE = 'CRM ownership, open reminders, deals and tickets moved; no chat-platform handover of external contacts (none bound to the giver, or the company has no WeCom app — DingTalk has no external-contact handover)';

/** WeCom takes at most 100 clients a call. */
const TRANSFER_BATCH = 100;

/**
 * Carries out the items not moved yet. Clients bound to contacts the giver follows on the platform
 * are handed over there first and move in the CRM only once the platform accepts (now or, for
 * waiting ones, when the follow-up job or a callback hears); every other client moves at once.
 */
export async function carryOutHandover(actor: Actor, handover: HandoverDoc, transfer?: HandoverTransfer): Promise<HandoverView> {
  const people = await participantsOf(handover);
  const todo = handover.items.filter((i) => i.status !== 'moved');
  const bound = transfer ? await contactsFollowedBy(handover.tenantId, people.from.userId, todo.map((i) => i.customerId)) : new Map<string, string[]>();
  let states: Map<string, TransferState> | null = null;
  if (transfer && bound.size) {
    const request = {
      resigned: handover.kind === 'resigned',
      handoverUserId: people.from.userId,
      takeoverUserId: people.to.userId,
      ...(handover.kind === 'in_service' && handover.transferSuccessMsg ? { successMsg: handover.transferSuccessMsg } : {}),
    };
    const ids = [...bound.values()].flat();
    states = new Map();
    for (let i = 0; i < ids.length && states; i += TRANSFER_BATCH) {
      const answered = await transfer.start(handover.tenantId, { ...request, externalUserIds: ids.slice(i, i + TRANSFER_BATCH) });
      if (!answered) states = null;
      else for (const [id, state] of answered) states.set(id, state);
    }
    if (states) handover.transfer = { platform: transfer.platform, handoverUserId: request.handoverUserId, takeoverUserId: request.takeoverUserId, checkedAt: null };
  }
  handover.note = handover.transfer ? null : CRM_ONLY_NOTE;
  for (const item of todo) {
    item.attempts = (item.attempts ?? 0) + 1;
    item.at = new Date();
    const externalUserIds = states ? (bound.get(String(item.customerId)) ?? []) : [];
    item.externalUserIds = externalUserIds;
    const state = combineStates(externalUserIds.map((id) => states?.get(id) ?? { status: 'failed', reason: 'the platform did not answer for this contact' }));
    await settleItem(actor, handover, item, state, people);
  }
  handover.markModified('items');
  await saveOrConflict(handover);
  return handoverView(handover.toObject());
}

/** Per customer, the external contacts bound to it that the giver still follows. */
async function contactsFollowedBy(tenantId: Types.ObjectId, userId: string, customerIds: Types.ObjectId[]): Promise<Map<string, string[]>> {
  const contacts = await ExternalContact.find(
    { tenantId, customerId: { $in: customerIds }, 'followUsers.userId': userId },
    { customerId: 1, externalUserId: 1, followUsers: 1 },
  ).lean();
  const bound = new Map<string, string[]>();
  for (const c of contacts) {
    if (!c.customerId || !c.followUsers.some((f) => f.userId === userId && f.status === 'active')) continue;
    const key = String(c.customerId);
    bound.set(key, [...(bound.get(key) ?? []), c.externalUserId]);
  }
  return bound;
}
