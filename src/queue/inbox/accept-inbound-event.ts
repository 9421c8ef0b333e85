import { Unavailable } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { InboxEvent } from './inbox-event-model.js';
import { inboundEventSchema, type InboundEvent } from '../../messaging/inbound-event.js';
import { describeFailure } from '../describe-failure.js';
import { withTimeout } from '../with-timeout.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { DURABLE_SAVE } from '../../db/durable-write.js';

export interface AcceptResult {
  /** The stored event's id (the first delivery's id when this one is a duplicate). */
  id: string;
  /** True when an event with this (tenantId, dedupeKey) was already accepted; nothing was written. */
  duplicate: boolean;
}

export interface AcceptOptions {
  /** Give up and report Unavailable after this long, so the callback can answer 503 within the
   *  platform's deadline (WeCom: 5 s) and the platform retries. Default 3 s. */
  timeoutMs?: number;
}

/**
 * Persists one normalized event so it can be acknowledged: the only thing a callback does
 * before answering. One insert; a redelivery (same tenant and dedupeKey) is reported as a
 * duplicate. Throws InvalidInput for a malformed event (nothing stored) and Unavailable when
 * the database cannot confirm the write — answer 5xx then, never 200.
 *
 * If a timed-out insert lands after all, the platform's retry is simply a duplicate: nothing
 * accepted is lost and nothing is processed twice.
 */
export async function acceptInboundEvent(event: InboundEvent, options: AcceptOptions = {}): Promise<AcceptResult> {
  const valid = parseInput(inboundEventSchema, event);
  const timeoutMs = options.timeoutMs ?? 3_000;
  try {
    const created = await withTimeout(
      new InboxEvent({ ...valid, status: 'pending', attempts: 0, nextAttemptAt: valid.receivedAt }).save(DURABLE_SAVE),
      timeoutMs,
      'storing the inbound event',
    );
    return { id: created._id.toHexString(), duplicate: false };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw new Unavailable(`inbox unavailable: ${describeFailure(error)}`);
  }
  const existing = await withTimeout(
    InboxEvent.findOne({ tenantId: valid.tenantId, dedupeKey: valid.dedupeKey }, { _id: 1 }).lean(),
    timeoutMs,
    'looking up the duplicate event',
  ).catch((error: unknown) => {
    throw new Unavailable(`inbox unavailable: ${describeFailure(error)}`);
  });
  if (!existing) throw new Unavailable('inbox reported a duplicate it cannot find');
  return { id: existing._id.toHexString(), duplicate: true };
}
