import type { InboundEvent, StaffChangePayload, PlatformEventEnvelope } from '../../messaging/inbound-event.js';

const KIND_BY_EVENT_TYPE: Record<string, 'staff.added' | 'staff.updated' | 'staff.left'> = {
  user_add_org: 'staff.added',
  user_modify_org: 'staff.updated',
  user_leave_org: 'staff.left',
};

function asStringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v.length > 0);
}

/**
 * Address-book events (`user_add_org` / `user_modify_org` / `user_leave_org`) → `staff.*`.
 * `UserId` is an array in the current docs and a comma list in some older pushes; both are read.
 * Returns null when the event names nobody (nothing to sync).
 */
export function normalizeStaffChangeEvent(
  event: Record<string, unknown>,
  base: PlatformEventEnvelope,
): InboundEvent<'staff.added' | 'staff.updated' | 'staff.left'> | null {
  const eventType = String(event.EventType);
  const kind = KIND_BY_EVENT_TYPE[eventType];
  const userIds = asStringList(event.UserId ?? event.userId);
  if (!kind || userIds.length === 0) return null;
  const payload: StaffChangePayload = { eventType, userIds };
  const corpId = event.CorpId ?? event.corpId;
  if (typeof corpId === 'string') payload.corpId = corpId;
  const operator = event.OptStaffId ?? event.optStaffId;
  if (typeof operator === 'string' && operator) payload.operatorUserId = operator;
  const time = Number(event.TimeStamp ?? event.timeStamp);
  if (Number.isFinite(time) && time > 0) payload.eventTime = new Date(time).toISOString();
  return {
    ...base,
    kind,
    ...(typeof operator === 'string' && operator ? { actor: { platformUserId: operator } } : {}),
    payload,
  };
}

/** The address-book EventTypes this normalizer handles (the event dispatch table routes these here). */
export const STAFF_EVENT_TYPES = Object.keys(KIND_BY_EVENT_TYPE);
