import { z } from 'zod';
import { InvalidInput } from '../../errors.js';
import type { CommandPayload, InboundEvent } from '../../messaging/inbound-event.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';

/** The fields of a robot message we rely on (HTTP callback body and Stream `data` share this shape). */
export const robotMessageSchema = z.object({
  msgId: z.string().min(1).max(256),
  msgtype: z.string().min(1),
  text: z.object({ content: z.string() }).optional(),
  createAt: z.union([z.number(), z.string()]).optional(),
  conversationType: z.enum(['1', '2']),
  conversationId: z.string().min(1),
  conversationTitle: z.string().optional(),
  senderId: z.string().optional(),
  senderStaffId: z.string().min(1).optional(),
  senderNick: z.string().optional(),
  senderCorpId: z.string().optional(),
  sessionWebhook: z.url({ protocol: /^https?$/ }),
  sessionWebhookExpiredTime: z.coerce.number().int().positive(),
  isAdmin: z.boolean().optional(),
  robotCode: z.string().min(1).optional(),
  chatbotCorpId: z.string().optional(),
  chatbotUserId: z.string().optional(),
  isInAtList: z.boolean().optional(),
});

export type RobotMessage = z.infer<typeof robotMessageSchema>;

export interface DingTalkCommandPayload extends CommandPayload {
  msgId: string;
  conversationType: 'single' | 'group';
  conversationId: string;
  conversationTitle?: string;
  /** Absent for senders outside the organisation; such a sender maps to no staff member. */
  senderStaffId?: string;
  isAdmin?: boolean;
}

/** In a group the text starts with the bot's @mention (sometimes already stripped, leaving a space). */
export function stripLeadingMention(content: string): string {
  return content.trim().replace(/^@[^\s@]+(?:\s+|$)/u, '').trim();
}

export function robotDedupeKey(msgId: string): string {
  return `dingtalk:robot:${msgId}`;
}

/**
 * Robot message → `command` event (text) or `unknown` (pictures, files… kept raw for admins).
 * Throws {@link InvalidInput} when the body is not a robot message.
 */
export function normalizeRobotMessage(
  body: unknown,
  context: { tenantId: string; receivedAt?: Date },
): InboundEvent<'command' | 'unknown'> {
  const parsed = robotMessageSchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidInput('not a DingTalk robot message', parsed.error.issues.map((i) => i.path.join('.')));
  }
  const m = parsed.data;
  const receivedAt = context.receivedAt ?? new Date();
  const platformUserId = m.senderStaffId ?? m.senderId ?? 'unknown';
  const actor = { platformUserId, ...(m.senderNick ? { name: m.senderNick } : {}) };
  const base = { tenantId: context.tenantId, platform: 'dingtalk' as const, dedupeKey: robotDedupeKey(m.msgId), actor, receivedAt };

  if (m.msgtype !== 'text' || !m.text) {
    return { ...base, kind: 'unknown', payload: { source: 'robot', msgtype: m.msgtype, raw: body as Record<string, unknown> } };
  }
  const conversationType = m.conversationType === '1' ? 'single' : 'group';
  const replyTo: ReplyTarget = {
    type: 'session_webhook',
    url: m.sessionWebhook,
    expiresAt: new Date(m.sessionWebhookExpiredTime).toISOString(),
    ...(m.robotCode ? { robotCode: m.robotCode } : {}),
    conversationType,
    conversationId: m.conversationId,
    ...(m.senderStaffId ? { platformUserId: m.senderStaffId } : {}),
  };
  const payload: DingTalkCommandPayload = {
    text: stripLeadingMention(m.text.content),
    replyTo,
    msgId: m.msgId,
    conversationType,
    conversationId: m.conversationId,
    ...(m.conversationTitle ? { conversationTitle: m.conversationTitle } : {}),
    ...(m.senderStaffId ? { senderStaffId: m.senderStaffId } : {}),
    ...(m.isAdmin === undefined ? {} : { isAdmin: m.isAdmin }),
  };
  return { ...base, kind: 'command', payload };
}
