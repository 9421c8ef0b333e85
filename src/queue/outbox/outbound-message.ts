import type { Platform } from '../inbox/inbound-event.js';

/** Where an outgoing message goes; each channel knows how to deliver each kind it supports. */
export type ReplyTarget =
  | { type: 'user'; platformUserId: string }
  | { type: 'chat'; chatId: string }
  | {
      /** DingTalk robot reply URL, valid until expiresAt; after that the channel falls back to its OpenAPI. */
      type: 'session_webhook';
      url: string;
      expiresAt: string;
      robotCode?: string;
      conversationType?: 'single' | 'group';
      conversationId?: string;
      platformUserId?: string;
    };

export interface CardField {
  label: string;
  value: string;
}

export interface CardLink {
  label: string;
  url: string;
}

/** A platform-neutral card; each channel renders it within its own size limits. */
export interface Card {
  title: string;
  subtitle?: string;
  fields: CardField[];
  /** Free lines (e.g. the last follow-ups, a numbered list of matches). */
  lines?: string[];
  links?: CardLink[];
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
