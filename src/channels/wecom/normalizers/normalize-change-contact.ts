import type { StaffChangePayload } from '../../../messaging/inbound-event.js';
import { wecomDedupeKey } from './dedupe-key.js';
import { occurredAt, optionalField } from './fields.js';
import type { WecomNormalizer } from './normalizer.js';

const KIND_BY_CHANGE = { create_user: 'staff.added', update_user: 'staff.updated', delete_user: 'staff.left' } as const;

/**
 * 通讯录变更 (`Event=change_contact`) for members → `staff.*`; the handler reads the person again
 * with user/get. A changed userid (`NewUserID`) is followed to the new id. Department events
 * (create/update/delete_party) are left to the full directory sync (stored raw, acknowledged).
 */
export const normalizeChangeContact: WecomNormalizer = (fields, context) => {
  const changeType = optionalField(fields, 'ChangeType') ?? '';
  const kind = Object.hasOwn(KIND_BY_CHANGE, changeType) ? KIND_BY_CHANGE[changeType as keyof typeof KIND_BY_CHANGE] : undefined;
  const userId = optionalField(fields, 'NewUserID') ?? optionalField(fields, 'UserID');
  if (!kind || !userId) return null;
  const payload: StaffChangePayload = { eventType: `change_contact.${changeType}`, userIds: [userId], eventTime: occurredAt(fields, context.receivedAt) };
  const corpId = optionalField(fields, 'ToUserName');
  if (corpId) payload.corpId = corpId;
  return { tenantId: context.tenantId, platform: 'wecom', dedupeKey: wecomDedupeKey(fields, context.plaintext), kind, payload, receivedAt: context.receivedAt };
};
