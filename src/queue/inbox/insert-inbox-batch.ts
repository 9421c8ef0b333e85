import { Unavailable } from '../../errors.js';
import type { InboundEvent } from '../../messaging/inbound-event.js';
import { DURABLE_WRITE } from '../../db/durable-write.js';
import { describeFailure } from '../describe-failure.js';
import { InboxEvent } from './inbox-event-model.js';
import type { AcceptResult } from './accept-inbound-event.js';

/** What one event of a batch came to: its own result, or its own failure. */
export type BatchOutcome = { ok: true; result: AcceptResult } | { ok: false; error: Unavailable };

interface WriteErrorLike {
  index: number;
  code?: number;
  errmsg?: string;
}

/** The per-document write errors of an unordered insertMany, by index into the batch; undefined when the failure was not per document. */
function writeErrorsOf(error: unknown): Map<number, WriteErrorLike> | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  if (list.length === 0) return undefined;
  // A write concern failure means even the documents without an error are not confirmed durable.
  const wce = (error as { writeConcernErrors?: unknown[]; errorResponse?: { writeConcernError?: unknown } });
  if ((wce.writeConcernErrors?.length ?? 0) > 0 || wce.errorResponse?.writeConcernError) return undefined;
  return new Map(list.map((e: WriteErrorLike) => [e.index, e]));
}

/**
 * Stores already-validated events with one unordered insertMany under the durable write concern
 * (one round trip and one fsync for the lot), and says for each event what became of it:
 * inserted (its new id), a duplicate of an event already stored — by another batch, an earlier
 * delivery, or an earlier copy in this same batch — (that event's id), or Unavailable. Nothing
 * is reported inserted unless the server confirmed the write.
 */
export async function insertInboxBatch(events: readonly InboundEvent[]): Promise<BatchOutcome[]> {
  const now = new Date();
  const docs = events.map((event) => {
    const doc = new InboxEvent({ ...event, status: 'pending', attempts: 0, nextAttemptAt: event.receivedAt });
    // The driver call below skips mongoose's save(): set what save() would (timestamps) ourselves.
    return { ...doc.toObject({ depopulate: true }), createdAt: now, updatedAt: now };
  });
  const unavailable = (error: unknown): BatchOutcome => ({ ok: false, error: new Unavailable(`inbox unavailable: ${describeFailure(error)}`) });

  let failures = new Map<number, WriteErrorLike>();
  try {
    await InboxEvent.collection.insertMany(docs, { ordered: false, writeConcern: DURABLE_WRITE });
  } catch (error) {
    const perDocument = writeErrorsOf(error);
    if (!perDocument) return events.map(() => unavailable(error));
    failures = perDocument;
  }

  const duplicates = [...failures].filter(([, e]) => e.code === 11000).map(([i]) => events[i]!);
  let existing = new Map<string, string>();
  if (duplicates.length > 0) {
    try {
      const found = await InboxEvent.find(
        { $or: duplicates.map((e) => ({ tenantId: e.tenantId, dedupeKey: e.dedupeKey })) },
        { _id: 1, tenantId: 1, dedupeKey: 1 },
      ).lean();
      existing = new Map(found.map((d) => [`${d.tenantId}\u0000${d.dedupeKey}`, d._id.toHexString()]));
    } catch (error) {
      return events.map((_, i) => (failures.has(i) ? unavailable(error) : { ok: true, result: { id: String(docs[i]!._id), duplicate: false } }));
    }
  }
  return events.map((event, i): BatchOutcome => {
    const failure = failures.get(i);
    if (!failure) return { ok: true, result: { id: String(docs[i]!._id), duplicate: false } };
    if (failure.code !== 11000) return unavailable(failure.errmsg ?? `write error ${failure.code}`);
    const id = existing.get(`${event.tenantId}\u0000${event.dedupeKey}`);
    return id ? { ok: true, result: { id, duplicate: true } } : unavailable('inbox reported a duplicate it cannot find');
  });
}
