import { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { Forbidden, InvalidInput, NotFound } from '../../errors.js';
import { Staff } from '../models/staff.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { assertScheduleFitsKind, DEFAULT_SCHEDULES, DIGEST_KINDS, digestScheduleSchema } from './digest-schedule.js';
import { DIGEST_CHANNELS, DigestSubscription, type DigestChannel, type DigestSubscriptionDoc } from './digest-subscription.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { can } from '../permissions/access-of.js';

export const setDigestSubscriptionSchema = z
  .object({
    recipientId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a staff id'),
    kind: z.enum(DIGEST_KINDS),
    schedule: digestScheduleSchema.optional(),
    channel: z.enum(DIGEST_CHANNELS).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type SetDigestSubscriptionInput = z.input<typeof setDigestSubscriptionSchema>;

/**
 * Admins set anyone's schedule, channel and on/off; everyone else may only opt themselves out
 * (or back in). The first change stores the subscription, starting from the defaults.
 */
export async function setDigestSubscription(
  actor: Actor,
  rawInput: SetDigestSubscriptionInput,
  defaultChannel: DigestChannel,
): Promise<DigestSubscriptionDoc> {
  const input = parseInput(setDigestSubscriptionSchema, rawInput);
  const recipientId = new Types.ObjectId(input.recipientId);
  const own = actor.staffId !== null && actor.staffId.equals(recipientId);
  if (!can(actor, 'digests', 'admin')) {
    if (!own) throw new Forbidden('only admins manage other people’s digests');
    if (input.schedule !== undefined || input.channel !== undefined) {
      throw new Forbidden('only admins change digest schedules and channels; you may opt out or back in');
    }
  }
  const { schedule } = input;
  if (schedule) assertScheduleFitsKind(input.kind, schedule);
  if (input.schedule === undefined && input.channel === undefined && input.enabled === undefined) {
    throw new InvalidInput('nothing to change: give schedule, channel or enabled');
  }
  const recipient = await Staff.findOne({ tenantId: actor.tenantId, _id: recipientId }).lean();
  if (!recipient) throw new NotFound('staff member');

  const key = { tenantId: actor.tenantId, recipientId, kind: input.kind };
  const before = await DigestSubscription.findOne(key).lean();
  const set: Record<string, unknown> = { updatedBy: actor.staffId };
  if (schedule) set.schedule = schedule;
  if (input.channel) set.channel = input.channel;
  if (input.enabled !== undefined) {
    set.enabled = input.enabled;
    set.optedOutAt = input.enabled ? null : new Date();
  }
  const setOnInsert: Record<string, unknown> = {};
  if (!schedule) setOnInsert.schedule = DEFAULT_SCHEDULES[input.kind];
  if (!input.channel) setOnInsert.channel = defaultChannel;
  if (input.enabled === undefined) setOnInsert.enabled = true;
  let doc: DigestSubscriptionDoc | null;
  try {
    doc = await DigestSubscription.findOneAndUpdate(key, { $set: set, $setOnInsert: setOnInsert }, { upsert: true, new: true });
  } catch (error) {
    // Two first changes raced to insert: the loser applies its change to the winner's document.
    if (!isDuplicateKeyError(error)) throw error;
    doc = await DigestSubscription.findOneAndUpdate(key, { $set: set }, { new: true });
  }
  await recordAudit(actor, {
    action: 'digest_subscription.set',
    entity: 'digest_subscription',
    entityId: doc!._id,
    before: before ?? null,
    after: doc!.toObject(),
  });
  return doc!;
}
