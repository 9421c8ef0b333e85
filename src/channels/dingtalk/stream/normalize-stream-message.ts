import type { InboundEvent } from '../../../messaging/inbound-event.js';
import { normalizeEventPlaintext } from '../normalize-event.js';
import { normalizeRobotMessage } from '../normalize-robot-message.js';

/** Robot messages arrive on this Stream topic (same JSON as the HTTP callback body). */
export const STREAM_TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

/** A downstream frame as the Stream gateway sends it (`data` is a JSON string). */
export interface StreamDownstream {
  type: string;
  headers: { topic?: string; messageId?: string; eventType?: string; eventId?: string; eventBornTime?: string };
  data: string;
}

/**
 * Stream frame → the same InboundEvent the HTTP receivers produce, so both modes feed one inbox:
 * a robot message keeps its `msgId` key (a message seen over HTTP and Stream is handled once);
 * an event is keyed by the gateway's `eventId` (documented as the dedupe id for re-pushes) and
 * normalized by the same table as HTTP pushes, with `EventType` taken from the frame headers.
 * Returns null for frames that carry no event (system frames, other callback topics).
 * Throws InvalidInput for a robot frame that is not a robot message.
 */
export function normalizeStreamMessage(frame: StreamDownstream, context: { tenantId: string; receivedAt?: Date }): InboundEvent | null {
  if (frame.type === 'CALLBACK') {
    if (frame.headers.topic !== STREAM_TOPIC_ROBOT) return null;
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      body = undefined;
    }
    return normalizeRobotMessage(body, context);
  }
  if (frame.type !== 'EVENT') return null;
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(frame.data);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    data = { rawData: frame.data };
  }
  const eventType = frame.headers.eventType ?? (typeof data.EventType === 'string' ? data.EventType : undefined);
  const plaintext = JSON.stringify({ ...data, ...(eventType ? { EventType: eventType } : {}) });
  const parsed = normalizeEventPlaintext(plaintext, {
    ...context,
    ...(frame.headers.eventId ? { dedupeKey: `dingtalk:stream-event:${frame.headers.eventId}` } : {}),
  });
  return parsed.type === 'event' ? parsed.event : null;
}
