import type { InboundEvent } from '../../../messaging/inbound-event.js';
import type { FlatXmlRecord } from '../parse-callback-xml.js';
import { wecomDedupeKey } from './dedupe-key.js';
import { optionalField } from './fields.js';
import type { NormalizeContext } from './normalizer.js';
import type { UnknownPayload } from './payloads.js';

/** Anything we don't (yet) understand is kept raw and acknowledged, never refused. */
export function normalizeUnknown(fields: FlatXmlRecord, context: NormalizeContext): InboundEvent {
  const payload: UnknownPayload = { fields: { ...fields }, plaintext: context.plaintext };
  const msgType = optionalField(fields, 'MsgType');
  const event = optionalField(fields, 'Event');
  const changeType = optionalField(fields, 'ChangeType');
  if (msgType) payload.msgType = msgType;
  if (event) payload.event = event;
  if (changeType) payload.changeType = changeType;
  const from = optionalField(fields, 'FromUserName');
  return {
    tenantId: context.tenantId,
    platform: 'wecom',
    dedupeKey: wecomDedupeKey(fields, context.plaintext),
    kind: 'unknown',
    ...(from && from !== 'sys' ? { actor: { platformUserId: from } } : {}),
    payload,
    receivedAt: context.receivedAt,
  };
}
