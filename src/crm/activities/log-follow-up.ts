import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { followUpSchema, type FollowUpInput } from '../customers/customer-input.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Activity, type ActivityDoc } from '../models/activity.js';
import type { CustomerDoc } from '../models/customer.js';
import { InvalidInput } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { recordActivity } from './record-activity.js';

const DAY_MS = 86_400_000;

/**
 * Logs a contact with the customer: the timeline gets a follow_up, lastContactAt moves, and the
 * next follow-up is the one given, cleared (`nextFollowUp: 'none'`), or one contact cycle from now
 * (`nextFollowUp: 'cycle'`, or nothing said and the customer has a cycle).
 * With a dedupeKey (e.g. from a chat event) or a client requestId, a repeat changes nothing.
 */
export async function logFollowUp(
  actor: Actor,
  customerId: string | Types.ObjectId,
  rawInput: FollowUpInput,
  options: { dedupeKey?: string } = {},
): Promise<{ activity: ActivityDoc; customer: CustomerDoc }> {
  const input = parseInput(followUpSchema, rawInput);
  const customer = await findCustomerInScope(actor, customerId);
  const dedupeKey = options.dedupeKey ?? (input.requestId ? `follow-up:${String(actor.staffId ?? 'system')}:${input.requestId}` : undefined);
  if (dedupeKey) {
    const done = await Activity.findOne({ tenantId: actor.tenantId, dedupeKey });
    if (done) return { activity: done, customer };
  }
  if (input.nextFollowUp === 'cycle' && !customer.contactCycleDays) {
    throw new InvalidInput('invalid input: nextFollowUp: the customer has no contact cycle', [
      { path: 'nextFollowUp', message: 'the customer has no contact cycle' },
    ]);
  }
  const before = customer.toObject();
  const at = input.at ?? new Date();
  const next = nextFollowUpAfter(input, customer, at);

  const activity = await recordActivity(actor, {
    customerId: customer._id,
    type: 'follow_up',
    at,
    content: input.content,
    channel: input.channel,
    data: next ? { nextFollowUpAt: next.toISOString() } : {},
    ...(dedupeKey ? { dedupeKey } : {}),
  });
  if (!customer.lastContactAt || customer.lastContactAt < at) customer.lastContactAt = at;
  if (next !== undefined) customer.nextFollowUpAt = next ?? undefined;
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

/** The new next follow-up: a date, null (cleared) or undefined (unchanged). */
function nextFollowUpAfter(
  input: { nextFollowUpAt?: Date | null; nextFollowUp?: 'cycle' | 'none' },
  customer: CustomerDoc,
  at: Date,
): Date | null | undefined {
  if (input.nextFollowUpAt !== undefined) return input.nextFollowUpAt;
  if (input.nextFollowUp === 'none') return null;
  if (customer.contactCycleDays) return new Date(at.getTime() + customer.contactCycleDays * DAY_MS);
  return undefined;
}
