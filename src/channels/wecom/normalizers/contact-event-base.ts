import type { ContactEventKind, ContactEventPayload, InboundEvent } from '../../../messaging/inbound-event.js';
import type { FlatXmlRecord } from '../parse-callback-xml.js';
import { wecomDedupeKey } from './dedupe-key.js';
import { occurredAt, optionalField } from './fields.js';
import type { NormalizeContext } from './normalizer.js';

/** Shared shape of change_external_contact events; null when the two ids are missing. */
export function contactEvent(
  kind: ContactEventKind,
  fields: FlatXmlRecord,
  context: NormalizeContext,
  extra: Partial<ContactEventPayload>,
): InboundEvent<ContactEventKind> | null {
  const externalUserId = optionalField(fields, 'ExternalUserID');
  const staffUserId = optionalField(fields, 'UserID');
  if (!externalUserId || !staffUserId) return null;
  const payload: ContactEventPayload = { externalUserId, staffUserId, occurredAt: occurredAt(fields, context.receivedAt) };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) payload[key] = value;
  return {
    tenantId: context.tenantId,
    platform: 'wecom',
    dedupeKey: wecomDedupeKey(fields, context.plaintext),
    kind,
    actor: { platformUserId: staffUserId },
    payload,
    receivedAt: context.receivedAt,
  };
}
