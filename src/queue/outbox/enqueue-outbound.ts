import mongoose from 'mongoose';
import { InvalidInput } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { AUTO_DEDUPE_PREFIX, OutboxMessage } from './outbox-message-model.js';
import { outboundMessageSchema, type OutboundMessage } from '../../messaging/outbound-message.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { DURABLE_SAVE } from '../../db/durable-write.js';

export interface EnqueueOptions {
  /** Do not send before this instant (e.g. a reminder's due time). Default: now. */
  notBefore?: Date;
  now?: () => Date;
}

/**
 * Persists a message for delivery by the outbox worker and returns its id (the outbox's `enqueue`
 * also wakes this instance's worker). With a dedupeKey the
 * call is idempotent per tenant: enqueueing the same key again stores nothing and returns the
 * first message's id (its content wins). Throws InvalidInput for a malformed message.
 */
export async function enqueueOutbound(message: OutboundMessage, options: EnqueueOptions = {}): Promise<string> {
  const valid = parseInput(outboundMessageSchema, message);
  if (options.notBefore !== undefined && !(options.notBefore instanceof Date && !Number.isNaN(options.notBefore.getTime()))) {
    throw new InvalidInput('notBefore must be a valid Date');
  }
  const _id = new mongoose.Types.ObjectId();
  const dedupeKey = valid.dedupeKey ?? `${AUTO_DEDUPE_PREFIX}${_id.toHexString()}`;
  try {
    await OutboxMessage.create([{
      _id,
      tenantId: valid.tenantId,
      platform: valid.platform,
      to: valid.to,
      body: valid.body,
      dedupeKey,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: options.notBefore ?? (options.now ?? (() => new Date()))(),
    }], DURABLE_SAVE);
  } catch (error) {
    if (!isDuplicateKeyError(error) || !valid.dedupeKey) throw error;
    const existing = await OutboxMessage.findOne({ tenantId: valid.tenantId, dedupeKey }, { _id: 1 }).lean();
    if (!existing) throw error;
    return existing._id.toHexString();
  }
  return _id.toHexString();
}
