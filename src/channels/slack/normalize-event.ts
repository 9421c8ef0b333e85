import { z } from 'zod';
import { InvalidInput } from '../../errors.js';
import type { InboundEvent } from '../../messaging/inbound-event.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';
import { commandLineOf } from './normalize-slash-command.js';

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event_id: z.string().min(1).max(256),
  team_id: z.string().max(64).optional(),
  event: z.looseObject({ type: z.string().max(128) }),
});

const userMessage = z.looseObject({
  type: z.enum(['app_mention', 'message']),
  user: z.string().min(1).max(64),
  text: z.string().max(40_000),
  channel: z.string().min(1).max(64),
  ts: z.string().max(64),
  thread_ts: z.string().max(64).optional(),
  channel_type: z.string().max(32).optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
});

/** `<@U123ABC>` / `<@U123|name>` mentions (the bot's, and anyone else's) are dropped before parsing. */
export function stripSlackMentions(text: string): string {
  return text
    .replace(/<@[^>|\s]+(?:\|[^>]*)?>/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * A verified Events API `event_callback` → `command` for an @mention of the bot (`app_mention`,
 * answered in the thread) or a direct message (`message` with `channel_type: im`, answered in the
 * DM); edits, bot messages and everything else → `unknown`. Deduped on `event_id`, so Slack's
 * retries (immediately, 1 min, 5 min) are acknowledged and dropped. Throws {@link InvalidInput}.
 */
export function normalizeSlackEvent(body: unknown, context: { tenantId: string; receivedAt?: Date }): InboundEvent {
  const parsed = eventCallback.safeParse(body);
  if (!parsed.success) throw new InvalidInput('not a Slack event callback');
  const { event_id, event, team_id } = parsed.data;
  const base = { tenantId: context.tenantId, platform: 'slack' as const, dedupeKey: `slack:event:${event_id}`, receivedAt: context.receivedAt ?? new Date() };
  const m = userMessage.safeParse(event);
  const isCommand =
    m.success && !m.data.subtype && !m.data.bot_id && (m.data.type === 'app_mention' || (m.data.type === 'message' && m.data.channel_type === 'im'));
  if (!m.success || !isCommand) {
    return { ...base, kind: 'unknown', payload: { source: 'slack', eventType: event.type, raw: body as Record<string, unknown> } };
  }
  const e = m.data;
  const threadId = e.thread_ts ?? (e.type === 'app_mention' ? e.ts : undefined);
  const replyTo: ReplyTarget = { type: 'chat', chatId: e.channel, ...(threadId ? { threadId } : {}), ...(team_id ? { teamId: team_id } : {}) };
  return {
    ...base,
    kind: 'command',
    actor: { platformUserId: e.user },
    // Addressed to the bot (a mention or its DM): `customer Acme` reads like the slash command `/crm customer Acme`.
    payload: { text: commandLineOf(stripSlackMentions(e.text)).slice(0, 10_000), replyTo, channelId: e.channel },
  };
}
