import { InvalidInput } from '../../errors.js';
import type { CommandPayload, InboundEvent } from '../../messaging/inbound-event.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';

/** Slack accepts up to 5 posts to a response_url within 30 minutes. */
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

export interface SlackCommandPayload extends CommandPayload {
  channelId: string;
  teamId?: string;
  /** The slash command itself (`/crm`). */
  slashCommand: string;
}

/**
 * `/crm customer Acme` arrives as `command=/crm`, `text=customer Acme`: the text becomes the
 * neutral command line `/customer Acme` (an empty text asks for help). Text that already starts
 * with a slash (`/crm /客户 张三`) is kept as is.
 */
export function commandLineOf(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '/help';
  return /^[/／]/.test(trimmed) ? trimmed : `/${trimmed}`;
}

/**
 * A verified slash-command form → `command` event, replying through its response_url. Slack sends
 * no id for an invocation; its `trigger_id` is unique per invocation, so it is the dedupe key.
 * Throws {@link InvalidInput} when a required field is missing.
 */
export function normalizeSlashCommand(form: URLSearchParams, context: { tenantId: string; receivedAt?: Date }): InboundEvent<'command'> {
  const field = (name: string) => form.get(name)?.trim() ?? '';
  const [command, userId, channelId, responseUrl, triggerId] = ['command', 'user_id', 'channel_id', 'response_url', 'trigger_id'].map(field) as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!command || !userId || !channelId || !responseUrl || !triggerId || !/^https?:\/\//.test(responseUrl)) {
    throw new InvalidInput('not a Slack slash command');
  }
  const receivedAt = context.receivedAt ?? new Date();
  const teamId = field('team_id').slice(0, 64);
  const replyTo: ReplyTarget = {
    type: 'response_url',
    url: responseUrl,
    expiresAt: new Date(receivedAt.getTime() + RESPONSE_URL_TTL_MS).toISOString(),
    channelId,
    platformUserId: userId,
    ...(teamId ? { teamId } : {}),
  };
  const payload: SlackCommandPayload = {
    text: commandLineOf(form.get('text') ?? '').slice(0, 10_000),
    replyTo,
    channelId,
    slashCommand: command.slice(0, 64),
    ...(teamId ? { teamId } : {}),
  };
  const userName = field('user_name');
  return {
    tenantId: context.tenantId,
    platform: 'slack',
    dedupeKey: `slack:command:${triggerId.slice(0, 256)}`,
    kind: 'command',
    actor: { platformUserId: userId, ...(userName ? { name: userName.slice(0, 256) } : {}) },
    payload,
    receivedAt,
  };
}
