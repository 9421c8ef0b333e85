import { Unavailable } from '../../errors.js';
import { inboundEventSchema, type InboundEvent } from '../../messaging/inbound-event.js';
import { parseInput } from '../../parse-input.js';
import { describeFailure } from '../describe-failure.js';
import { withTimeout } from '../with-timeout.js';
import type { AcceptOptions, AcceptResult } from './accept-inbound-event.js';
import { insertInboxBatch, type BatchOutcome } from './insert-inbox-batch.js';

export interface AcceptBatcherOptions {
  /** Most events in one insert. Default 256. */
  maxBatch?: number;
  /** Inserts in flight at once; arrivals meanwhile wait and go together in the next one. Default 1. */
  maxInFlight?: number;
  /** The batch insert (tests replace it to watch or break it). */
  insertBatch?: (events: readonly InboundEvent[]) => Promise<BatchOutcome[]>;
}

export type AcceptEvent = (event: InboundEvent, options?: AcceptOptions) => Promise<AcceptResult>;

interface Waiting {
  event: InboundEvent;
  settle: (outcome: BatchOutcome) => void;
}

/**
 * `inbox.accept` for callbacks that arrive together: while one insert is in flight, the events
 * that come in meanwhile wait and are then stored with one unordered insertMany (one round trip,
 * one fsync), each caller getting its own result. No timer: a lone event is inserted at once, so
 * batching adds latency only when the database is already the queue. A caller is answered only
 * after the server confirmed its batch under the durable write concern; a caller whose deadline
 * passes gets Unavailable (→ 503, the platform retries, and the retry is a duplicate if the batch
 * landed after all).
 */
export function createAcceptBatcher(options: AcceptBatcherOptions = {}): AcceptEvent {
  const maxBatch = options.maxBatch ?? 256;
  const maxInFlight = options.maxInFlight ?? 1;
  const insertBatch = options.insertBatch ?? insertInboxBatch;
  const waiting: Waiting[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      inFlight++;
      insertBatch(batch.map((w) => w.event))
        .then(
          (outcomes) => batch.forEach((w, i) => w.settle(outcomes[i] ?? { ok: false, error: new Unavailable('inbox batch gave no outcome') })),
          (error: unknown) => batch.forEach((w) => w.settle({ ok: false, error: new Unavailable(`inbox unavailable: ${describeFailure(error)}`) })),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  return async (event, acceptOptions = {}) => {
    // Validation per caller, before anything is queued: a malformed event fails alone (InvalidInput).
    const valid = parseInput(inboundEventSchema, event);
    const outcome = new Promise<BatchOutcome>((settle) => waiting.push({ event: valid, settle }));
    pump();
    const settled = await withTimeout(outcome, acceptOptions.timeoutMs ?? 3_000, 'storing the inbound event').catch((error: unknown) => {
      throw new Unavailable(`inbox unavailable: ${describeFailure(error)}`);
    });
    if (!settled.ok) throw settled.error;
    return settled.result;
  };
}
