import { z } from 'zod';
import { platformSchema, type Platform } from './platform.js';
import { replyTargetSchema, type ReplyTarget } from './reply-target.js';

export interface CardField {
  label: string;
  value: string;
}

export interface CardLink {
  label: string;
  url: string;
}

/** What a card button asks for; each id is handled once (src/features/card-actions), on every platform that can show buttons. */
export const CARD_ACTION_IDS = ['log_follow_up', 'change_stage', 'snooze'] as const;
export type CardActionId = (typeof CARD_ACTION_IDS)[number];

/**
 * A button that acts (unlike a link): the platform sends `action` and `value` back when it is
 * pressed (Feishu card action, Slack block_actions). Channels that cannot carry actions show
 * nothing for it; the card's links and footer still say what to do.
 */
export interface CardButton {
  label: string;
  action: CardActionId;
  /** Small string payload (e.g. the customer id, a stage key), ≤ 8 entries; echoed back verbatim. */
  value: Record<string, string>;
  style?: 'primary' | 'danger';
}

/**
 * A platform-neutral card: plain text only (no markup), so each channel renders it in its own
 * dialect (WeCom markdown/textcard, DingTalk markdown/actionCard…) within its own size limits.
 */
export interface Card {
  title: string;
  subtitle?: string;
  fields: CardField[];
  /** Free lines (e.g. the last follow-ups, a numbered list of matches). */
  lines?: string[];
  links?: CardLink[];
  /** Action buttons (log a follow-up, change stage, snooze); see {@link CardButton}. */
  buttons?: CardButton[];
  footer?: string;
}

export type MessageBody =
  | { type: 'text'; text: string }
  | { type: 'markdown'; title: string; markdown: string }
  | { type: 'card'; card: Card };

export interface OutboundMessage {
  tenantId: string;
  platform: Platform;
  to: ReplyTarget;
  body: MessageBody;
  /** Optional idempotency key: enqueueing the same key twice stores one message. */
  dedupeKey?: string;
}

const text = (max: number) => z.string().max(max);

/** The value a button carries: a few short strings (platforms cap it: Slack 2000 chars). */
export const cardActionValueSchema = z
  .record(z.string().min(1).max(64), z.string().max(256))
  .refine((v) => Object.keys(v).length <= 8, 'at most 8 entries');

function cardButtonSchema() {
  return z.looseObject({
    label: text(256).min(1),
    action: z.enum(CARD_ACTION_IDS),
    value: cardActionValueSchema,
    style: z.enum(['primary', 'danger']).optional(),
  });
}

const cardSchema = z.looseObject({
  title: text(512).min(1),
  subtitle: text(1024).optional(),
  fields: z.array(z.looseObject({ label: text(256), value: text(4096) })).max(100),
  lines: z.array(text(4096)).max(200).optional(),
  links: z.array(z.looseObject({ label: text(256), url: z.string().min(1).max(2048) })).max(20).optional(),
  buttons: z.array(cardButtonSchema()).max(10).optional(),
  footer: text(1024).optional(),
});

// Bounds keep a runaway message out of the database; each channel cuts to its own, smaller limits.
const messageBodySchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: text(65_536).min(1) }),
  z.looseObject({ type: z.literal('markdown'), title: text(512), markdown: text(65_536).min(1) }),
  z.looseObject({ type: z.literal('card'), card: cardSchema }),
]);

/** Edge validation of an `OutboundMessage`. */
export const outboundMessageSchema = z.object({
  tenantId: z.string().min(1).max(128),
  platform: platformSchema,
  to: replyTargetSchema,
  body: messageBodySchema,
  dedupeKey: z
    .string()
    .min(1)
    .max(512)
    .refine((key) => !key.startsWith('auto:'), 'dedupeKey must not start with "auto:" (reserved)')
    .optional(),
});
