import { z } from 'zod';
import { platformSchema } from '../inbox/inbound-event-schema.js';

// Loose objects: a field someone later adds (optionally) to ReplyTarget, MessageBody or Card is
// stored and handed to the sender instead of being silently stripped.
const replyTargetSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('user'), platformUserId: z.string().min(1).max(256) }),
  z.looseObject({ type: z.literal('chat'), chatId: z.string().min(1).max(256) }),
  z.looseObject({
    type: z.literal('session_webhook'),
    url: z.url({ protocol: /^https?$/ }).max(2048),
    expiresAt: z.string().min(1).max(64),
    robotCode: z.string().max(256).optional(),
    conversationType: z.enum(['single', 'group']).optional(),
    conversationId: z.string().max(256).optional(),
    platformUserId: z.string().max(256).optional(),
  }),
]);

const text = (max: number) => z.string().max(max);

const cardSchema = z.looseObject({
  title: text(512).min(1),
  subtitle: text(1024).optional(),
  fields: z.array(z.looseObject({ label: text(256), value: text(4096) })).max(100),
  lines: z.array(text(4096)).max(200).optional(),
  links: z.array(z.looseObject({ label: text(256), url: z.string().min(1).max(2048) })).max(20).optional(),
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
