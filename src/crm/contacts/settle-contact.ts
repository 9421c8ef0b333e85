import { setTimeout as sleep } from 'node:timers/promises';
import { Types } from 'mongoose';
import { systemActor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Unavailable } from '../../errors.js';
import { Customer } from '../models/customer.js';
import { recordAudit } from '../record-audit.js';
import { bindingGrantsCollaboration } from './binding-grants-collaboration.js';
import { earliestActiveRelation } from './contact-facts.js';
import { createCustomerForContact, MAX_COLLABORATORS } from './create-customer-for-contact.js';
import { ExternalContact, type BindReason, type ExternalContactDoc, type FollowRelation } from './external-contact-model.js';
import { matchCustomerForContact } from './match-customer-for-contact.js';
import { mutateContact } from './mutate-contact.js';

export interface SettleOptions {
  now?: () => Date;
  /** How long a customer-creation claim holds before another worker may take over. */
  claimMs?: number;
  /** How long to wait for another worker that is creating this contact's customer. */
  waitMs?: number;
}

/**
 * Brings a contact's CRM side up to date after any change: bound to a customer (by rule, or a new
 * one), its pending history on that customer's timeline, its followers collaborating (when the
 * binding allows it). Every step is idempotent, so a handler that dies half-way simply runs again.
 */
export async function settleContact(contact: ExternalContactDoc, options: SettleOptions = {}): Promise<ExternalContactDoc> {
  let current = await ensureContactBound(contact, options);
  if (current.customerId) {
    current = await recordPendingHistory(current);
    await ensureFollowersCollaborate(current);
  }
  return current;
}

async function setBinding(contact: ExternalContactDoc, customerId: Types.ObjectId, bindReason: BindReason): Promise<ExternalContactDoc | null> {
  // A rule match on the customer being created for this very contact (its phones) is still "created":
  // refuse it here, and the next round, reading the pending id, records it as such.
  const notOwnPending = bindReason === 'created' ? {} : { pendingCustomerId: { $ne: customerId } };
  return ExternalContact.findOneAndUpdate(
    { _id: contact._id, tenantId: contact.tenantId, customerId: null, ...notOwnPending },
    { $set: { customerId, bindReason, pendingCustomerId: null, bindClaimUntil: null }, $inc: { version: 1 } },
    { new: true },
  ).lean<ExternalContactDoc>();
}

async function reload(contact: ExternalContactDoc): Promise<ExternalContactDoc> {
  const doc = await ExternalContact.findOne({ _id: contact._id, tenantId: contact.tenantId }).lean<ExternalContactDoc>();
  if (!doc) throw new Unavailable('the contact disappeared while being bound');
  return doc;
}

export async function ensureContactBound(contact: ExternalContactDoc, options: SettleOptions = {}): Promise<ExternalContactDoc> {
  const now = options.now ?? (() => new Date());
  const claimMs = options.claimMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let current = contact;
  while (!current.customerId) {
    // Nobody to own a customer (e.g. every relation already deleted): stays unbound, history kept.
    if (!earliestActiveRelation(current.followUsers)) return current;

    const match = await matchCustomerForContact(current.tenantId, current);
    if (match) {
      const reason = current.pendingCustomerId?.equals(match.customerId) ? 'created' : match.reason;
      current = (await setBinding(current, match.customerId, reason)) ?? (await reload(current));
      continue;
    }

    const claimedByOther = current.bindClaimUntil && current.bindClaimUntil > now();
    if (claimedByOther) {
      if (Date.now() > deadline) throw new Unavailable('another worker is creating the customer for this contact');
      await sleep(50 + Math.floor(Math.random() * 100));
      current = await reload(current);
      continue;
    }
    // Take the claim; the customer id is fixed once and reused by whoever finishes the job.
    const pendingCustomerId = current.pendingCustomerId ?? new Types.ObjectId();
    const claimed = await ExternalContact.findOneAndUpdate(
      { _id: current._id, tenantId: current.tenantId, version: current.version, customerId: null },
      { $set: { pendingCustomerId, bindClaimUntil: new Date(now().getTime() + claimMs) }, $inc: { version: 1 } },
      { new: true },
    ).lean<ExternalContactDoc>();
    if (!claimed) {
      current = await reload(current);
      continue;
    }
    const owner = earliestActiveRelation(claimed.followUsers) as (FollowRelation & { staffId: Types.ObjectId }) | undefined;
    if (!owner) {
      await ExternalContact.updateOne({ _id: claimed._id, version: claimed.version }, { $set: { bindClaimUntil: null }, $inc: { version: 1 } });
      current = await reload(current);
      continue;
    }
    await createCustomerForContact(claimed.tenantId, pendingCustomerId, claimed, owner);
    current = (await setBinding(claimed, pendingCustomerId, 'created')) ?? (await reload(claimed));
  }
  return current;
}

/** Writes history entries not yet on the timeline (idempotent per entry key), then marks them. */
export async function recordPendingHistory(contact: ExternalContactDoc): Promise<ExternalContactDoc> {
  const pending = contact.history.filter((h) => !h.recorded);
  if (!contact.customerId || pending.length === 0) return contact;
  const actor = systemActor(contact.tenantId, 'event');
  for (const entry of pending) {
    await recordActivity(actor, {
      customerId: contact.customerId,
      type: entry.type,
      at: entry.at,
      content: entry.content,
      data: { ...entry.data, externalUserId: contact.externalUserId },
      dedupeKey: `wecom:${contact.externalUserId}:${entry.key}`,
      authorId: entry.staffId ?? null,
    });
  }
  const keys = new Set(pending.map((h) => h.key));
  return mutateContact(contact.tenantId, contact.externalUserId, (draft) => {
    let changed = false;
    for (const h of draft.history) {
      if (keys.has(h.key) && !h.recorded) {
        h.recorded = true;
        changed = true;
      }
    }
    return changed;
  });
}

/** Everyone who has the contact in WeCom may see the customer: active followers become collaborators
 *  — unless the binding was only a phone match (see bindingGrantsCollaboration). */
export async function ensureFollowersCollaborate(contact: ExternalContactDoc): Promise<void> {
  if (!contact.customerId || !bindingGrantsCollaboration(contact.bindReason)) return;
  const customer = await Customer.findOne({ _id: contact.customerId, tenantId: contact.tenantId, deletedAt: null }, { ownerId: 1, collaboratorIds: 1 }).lean();
  if (!customer) return;
  const have = new Set([String(customer.ownerId), ...customer.collaboratorIds.map(String)]);
  const room = MAX_COLLABORATORS - customer.collaboratorIds.length;
  const wanted = [
    ...new Set(contact.followUsers.filter((f) => f.status === 'active' && f.staffId && !have.has(String(f.staffId))).map((f) => String(f.staffId))),
  ].slice(0, Math.max(0, room));
  if (wanted.length === 0) return;
  const ids = wanted.map((id) => new Types.ObjectId(id));
  await Customer.updateOne({ _id: customer._id, tenantId: contact.tenantId }, { $addToSet: { collaboratorIds: { $each: ids } } });
  const actor = systemActor(contact.tenantId, 'event');
  await recordActivity(actor, {
    customerId: customer._id,
    type: 'collaborators_changed',
    data: { added: wanted, reason: 'wecom_follow' },
    dedupeKey: `wecom:collab:${String(customer._id)}:${[...wanted].sort().join(',')}`,
    authorId: null,
  });
  await recordAudit(actor, {
    action: 'customer.collaborators_add',
    entity: 'customer',
    entityId: customer._id,
    before: { collaboratorIds: customer.collaboratorIds },
    after: { added: wanted },
  });
}
