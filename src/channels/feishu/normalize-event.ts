import { z } from 'zod';
import type { CardActionPayload, CommandPayload, InboundEvent, PlatformEventEnvelope } from '../../messaging/inbound-event.js';
import { CARD_ACTION_IDS } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';
import { FeishuCallbackError } from './feishu-callback-error.js';
import { ACTION_VALUE_KEY } from './render-message.js';

const v2Envelope = z.looseObject({
  schema: z.literal('2.0'),
  header: z.looseObject({
    event_id: z.string().min(1).max(256),
    event_type: z.string().min(1).max(256),
    create_time: z.union([z.string(), z.number()]).optional(),
    tenant_key: z.string().max(256).optional(),
    app_id: z.string().max(256).optional(),
  }),
  event: z.looseObject({}),
});

const v1Envelope = z.looseObject({
  uuid: z.string().min(1).max(256),
  type: z.literal('event_callback'),
  ts: z.union([z.string(), z.number()]).optional(),
  event: z.looseObject({ type: z.string().max(256) }),
});

const receiveMessageV2 = z.looseObject({
  sender: z.looseObject({
    sender_id: z.looseObject({ open_id: z.string().min(1).max(256), user_id: z.string().max(256).optional() }),
    sender_type: z.string().optional(),
  }),
  message: z.looseObject({
    message_id: z.string().min(1).max(256),
    chat_id: z.string().min(1).max(256),
    chat_type: z.string().max(32),
    message_type: z.string().max(64),
    content: z.string().max(200_000),
    mentions: z.array(z.looseObject({ key: z.string().max(64) })).max(100).optional(),
  }),
});

/** The legacy v1 message event (`event.type: "message"`). */
const receiveMessageV1 = z.looseObject({
  type: z.literal('message'),
  msg_type: z.string().max(64),
  open_id: z.string().min(1).max(256),
  open_chat_id: z.string().max(256).optional(),
  open_message_id: z.string().min(1).max(256),
  chat_type: z.string().max(32).optional(),
  text_without_at_bot: z.string().max(100_000).optional(),
  text: z.string().max(100_000).optional(),
});

/** `card.action.trigger` (schema 2.0): a button of one of our cards was pressed. */
const cardActionTrigger = z.looseObject({
  operator: z.looseObject({ open_id: z.string().min(1).max(256) }),
  action: z.looseObject({
    tag: z.string().max(64).optional(),
    value: z.record(z.string().min(1).max(64), z.unknown()),
  }),
  context: z.looseObject({ open_message_id: z.string().min(1).max(256), open_chat_id: z.string().max(256).optional() }),
});

/** A pressed button → `card.action`; null when the value is not one of ours (stored as unknown). */
function cardAction(base: Omit<PlatformEventEnvelope, 'actor'>, event: unknown): InboundEvent<'card.action'> | null {
  const parsed = cardActionTrigger.safeParse(event);
  if (!parsed.success) return null;
  const { [ACTION_VALUE_KEY]: action, ...rest } = parsed.data.action.value;
  const id = CARD_ACTION_IDS.find((a) => a === action);
  if (!id) return null;
  const value: Record<string, string> = {};
  for (const [key, v] of Object.entries(rest)) if (typeof v === 'string') value[key] = v.slice(0, 256);
  const { open_message_id, open_chat_id } = parsed.data.context;
  const payload: CardActionPayload = {
    action: id,
    value,
    updateTo: { type: 'message_update', messageId: open_message_id, ...(open_chat_id ? { channelId: open_chat_id } : {}) },
    replyTo: { type: 'message_reply', messageId: open_message_id, ...(open_chat_id ? { chatId: open_chat_id } : {}) },
  };
  return { ...base, kind: 'card.action', actor: { platformUserId: parsed.data.operator.open_id }, payload };
}

export interface FeishuCommandPayload extends CommandPayload {
  messageId: string;
  chatId?: string;
  chatType: string;
}

/** `@_user_1` placeholders (the bot and anyone else @mentioned) are dropped before parsing a command. */
export function stripMentions(text: string): string {
  return text
    .replace(/@_user_\d+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

export function feishuDedupeKey(eventId: string): string {
  return `feishu:event:${eventId}`;
}

function textContentOf(content: string): string | null {
  try {
    const parsed = JSON.parse(content) as unknown;
    const text = (parsed as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

function command(
  base: Omit<PlatformEventEnvelope, 'actor'>,
  openId: string,
  text: string,
  message: { messageId: string; chatId?: string; chatType: string },
): InboundEvent<'command'> {
  const replyTo: ReplyTarget = { type: 'message_reply', messageId: message.messageId, ...(message.chatId ? { chatId: message.chatId } : {}) };
  const payload: FeishuCommandPayload = { text: stripMentions(text).slice(0, 10_000), replyTo, ...message };
  return { ...base, kind: 'command', actor: { platformUserId: openId }, payload };
}

/**
 * A verified Feishu event document (v2 `schema: "2.0"` or v1 `event_callback`) → `command` for a
 * user's text message (p2p, or a group message that @mentioned the bot — Feishu delivers nothing
 * else without the "all group messages" scope), `card.action` for a press of one of our card
 * buttons (`card.action.trigger`), `unknown` (kept raw) for everything else. Dedupe on
 * v2 `header.event_id`, v1 `uuid`. Throws {@link FeishuCallbackError} `not_an_event`.
 */
export function normalizeFeishuEvent(document: Record<string, unknown>, context: { tenantId: string; receivedAt?: Date }): InboundEvent {
  const receivedAt = context.receivedAt ?? new Date();
  const v2 = v2Envelope.safeParse(document);
  if (v2.success) {
    const { header, event } = v2.data;
    const base = { tenantId: context.tenantId, platform: 'feishu' as const, dedupeKey: feishuDedupeKey(header.event_id), receivedAt };
    if (header.event_type === 'im.message.receive_v1') {
      const m = receiveMessageV2.safeParse(event);
      if (m.success && m.data.message.message_type === 'text' && m.data.sender.sender_type !== 'app') {
        const text = textContentOf(m.data.message.content);
        if (text !== null) {
          const { message_id, chat_id, chat_type } = m.data.message;
          return command(base, m.data.sender.sender_id.open_id, text, { messageId: message_id, chatId: chat_id, chatType: chat_type });
        }
      }
    }
    if (header.event_type === 'card.action.trigger') {
      const pressed = cardAction(base, event);
      if (pressed) return pressed;
    }
    return { ...base, kind: 'unknown', payload: { source: 'feishu', eventType: header.event_type, raw: document } };
  }
  const v1 = v1Envelope.safeParse(document);
  if (v1.success) {
    const { uuid, event } = v1.data;
    const base = { tenantId: context.tenantId, platform: 'feishu' as const, dedupeKey: feishuDedupeKey(uuid), receivedAt };
    const m = receiveMessageV1.safeParse(event);
    if (m.success && m.data.msg_type === 'text') {
      const text = m.data.text_without_at_bot ?? m.data.text ?? '';
      return command(base, m.data.open_id, text, {
        messageId: m.data.open_message_id,
        ...(m.data.open_chat_id ? { chatId: m.data.open_chat_id } : {}),
        chatType: m.data.chat_type === 'private' ? 'p2p' : (m.data.chat_type ?? 'p2p'),
      });
    }
    return { ...base, kind: 'unknown', payload: { source: 'feishu', eventType: event.type, raw: document } };
  }
  throw new FeishuCallbackError('not_an_event');
}
