import { createHash } from 'node:crypto';
import type { InboundEvent, PlatformEventEnvelope } from '../../messaging/inbound-event.js';
import { normalizeStaffChangeEvent, STAFF_EVENT_TYPES } from './normalize-staff-change-event.js';

/** What a decrypted event push turned out to be. `check_url` is answered at the edge and never stored. */
export type ParsedEventPush = { type: 'check_url' } | { type: 'event'; event: InboundEvent };

type Normalizer = (
  event: Record<string, unknown>,
  base: PlatformEventEnvelope,
) => InboundEvent | null;

/** EventType → normalizer. Anything not listed is stored raw as `unknown`. */
const NORMALIZERS: Record<string, Normalizer> = {
  ...Object.fromEntries(STAFF_EVENT_TYPES.map((type) => [type, normalizeStaffChangeEvent as Normalizer])),
};

/** HTTP pushes carry no event id, so a redelivery is recognised by the hash of its plaintext. */
export function eventDedupeKey(plaintext: string): string {
  return `dingtalk:event:${createHash('sha256').update(plaintext, 'utf8').digest('hex')}`;
}

export function normalizeEventPlaintext(
  plaintext: string,
  context: { tenantId: string; receivedAt?: Date; dedupeKey?: string },
): ParsedEventPush {
  let event: unknown;
  try {
    event = JSON.parse(plaintext);
  } catch {
    event = undefined;
  }
  const base = {
    tenantId: context.tenantId,
    platform: 'dingtalk' as const,
    dedupeKey: context.dedupeKey ?? eventDedupeKey(plaintext),
    receivedAt: context.receivedAt ?? new Date(),
  };
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    return { type: 'event', event: { ...base, kind: 'unknown', payload: { source: 'event', rawText: plaintext } } };
  }
  const record = event as Record<string, unknown>;
  const eventType = typeof record.EventType === 'string' ? record.EventType : undefined;
  if (eventType === 'check_url') return { type: 'check_url' };
  const normalized = eventType && NORMALIZERS[eventType]?.(record, base);
  if (normalized) return { type: 'event', event: normalized };
  return {
    type: 'event',
    event: { ...base, kind: 'unknown', payload: { source: 'event', ...(eventType ? { eventType } : {}), raw: record } },
  };
}
