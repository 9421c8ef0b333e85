import type { InboundEvent } from '../../messaging/inbound-event.js';
import type { NormalizeContext, WecomNormalizer } from './normalizers/normalizer.js';
import { normalizeAddExternalContact } from './normalizers/normalize-add-external-contact.js';
import { normalizeChangeContact } from './normalizers/normalize-change-contact.js';
import { normalizeChangeExternalTag } from './normalizers/normalize-change-external-tag.js';
import { normalizeDelExternalContact } from './normalizers/normalize-del-external-contact.js';
import { normalizeDelFollowUser } from './normalizers/normalize-del-follow-user.js';
import { normalizeEditExternalContact } from './normalizers/normalize-edit-external-contact.js';
import { normalizeTextCommand } from './normalizers/normalize-text-command.js';
import { normalizeTransferFail } from './normalizers/normalize-transfer-fail.js';
import { normalizeUnknown } from './normalizers/normalize-unknown.js';
import type { FlatXmlRecord } from './parse-callback-xml.js';

export type { NormalizeContext } from './normalizers/normalizer.js';

/** (MsgType, Event, ChangeType) → normalizer; `*` matches any ChangeType of that event. */
const DISPATCH: Record<string, WecomNormalizer> = {
  'text||': normalizeTextCommand,
  'event|change_external_contact|add_external_contact': normalizeAddExternalContact,
  'event|change_external_contact|add_half_external_contact': normalizeAddExternalContact,
  'event|change_external_contact|edit_external_contact': normalizeEditExternalContact,
  'event|change_external_contact|del_external_contact': normalizeDelExternalContact,
  'event|change_external_contact|del_follow_user': normalizeDelFollowUser,
  'event|change_external_contact|transfer_fail': normalizeTransferFail,
  'event|change_external_tag|*': normalizeChangeExternalTag,
  'event|change_contact|*': normalizeChangeContact,
};

export function normalizeCallback(fields: FlatXmlRecord, context: NormalizeContext): InboundEvent {
  const msgType = fields.MsgType?.trim() ?? '';
  const event = msgType === 'event' ? (fields.Event?.trim() ?? '') : '';
  const changeType = msgType === 'event' ? (fields.ChangeType?.trim() ?? '') : '';
  const normalizer =
    (Object.hasOwn(DISPATCH, `${msgType}|${event}|${changeType}`) ? DISPATCH[`${msgType}|${event}|${changeType}`] : undefined) ??
    (Object.hasOwn(DISPATCH, `${msgType}|${event}|*`) ? DISPATCH[`${msgType}|${event}|*`] : undefined);
  return normalizer?.(fields, context) ?? normalizeUnknown(fields, context);
}
