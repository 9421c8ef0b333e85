import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { followUpSchema, type FollowUpInput } from '../customers/customer-input.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Activity, type ActivityDoc } from '../models/activity.js';
import type { CustomerDoc } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordActivity } from './record-activity.js';

const DAY_MS = 86_400_000;

/**
 * Logs a contact with the customer: the timeline gets a follow_up, lastContactAt moves, and the
 * next follow-up is the one given — or, when the customer has a contact cycle, one cycle from now.
 * With a dedupeKey (e.g. from a chat event) a repeat of the same request changes nothing.
 */
export async function logFollowUp(
  actor: Actor,
  customerId: string | Types.ObjectId,
  rawInput: FollowUpInput,
  options: { dedupeKey?: string } = {},
): Promise<{ activity: ActivityDoc; customer: CustomerDoc }> {
  const input = parseInput(followUpSchema, rawInput);
  const customer = await findCustomerInScope(actor, customerId);
  if (options.dedupeKey) {
    const done = await Activity.findOne({ tenantId: actor.tenantId, dedupeKey: options.dedupeKey });
    if (done) return { activity: done, customer };
  }
  const before = customer.toObject();
  const at = input.at ?? new Date();

  const activity = await recordActivity(actor, {
    customerId: customer._id,
    type: 'follow_up',
    at,
    content: input.content,
    channel: input.channel,
    data: input.nextFollowUpAt ? { nextFollowUpAt: input.nextFollowUpAt.toISOString() } : {},
    ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
  });
  if (!customer.lastContactAt || customer.lastContactAt < at) customer.lastContactAt = at;
  if (input.nextFollowUpAt !== undefined) {
    customer.nextFollowUpAt = input.nextFollowUpAt ?? undefined;
  } else if (customer.contactCycleDays) {
    customer.nextFollowUpAt = new Date(at.getTime() + customer.contactCycleDays * DAY_MS);
  }
  await customer.save();
  await recordAudit(actor, {
    action: 'customer.follow_up',
    entity: 'customer',
    entityId: customer._id,
    before: { lastContactAt: before.lastContactAt ?? null, nextFollowUpAt: before.nextFollowUpAt ?? null },
    after: { lastContactAt: customer.lastContactAt ?? null, nextFollowUpAt: customer.nextFollowUpAt ?? null, activityId: activity._id },
  });
  return { activity, customer };
}
