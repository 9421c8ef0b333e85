import type { ReplyTarget } from '../outbox/outbound-message.js';

export type Platform = 'wecom' | 'dingtalk';

/** The neutral shape every channel normalizes its callbacks into. */
export interface InboundEvent<P extends object = Record<string, unknown>> {
  tenantId: string;
  platform: Platform;
  /** Unique per tenant; a second delivery with the same key is acknowledged and dropped. */
  dedupeKey: string;
  /** e.g. 'command', 'contact.added', 'contact.updated', 'contact.removed', 'contact.staff_removed',
   *  'contact.transfer_failed', 'tag.changed', 'staff.added', 'staff.updated', 'staff.left', 'unknown' */
  kind: string;
  /** The platform user who caused the event, when there is one. */
  actor?: { platformUserId: string; name?: string };
  payload: P;
  receivedAt: Date;
}

/** Payload of kind 'command': a line of text a staff member typed to the bot. */
export interface CommandPayload {
  text: string;
  /** Where the answer goes (the channel decides how to deliver it). */
  replyTo: ReplyTarget;
  [key: string]: unknown;
}
