import { toSendError } from '../shared/to-send-error.js';
import type { StoredOutboxMessage } from '../../queue/outbox/outbox-message-model.js';
import type { SendResult } from '../../queue/outbox/outbound-senders.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';
import { PermanentSendError } from '../../queue/outbox/send-errors.js';
import type { SlackApiClient } from './slack-api-client.js';
import { ResponseUrlUnusable } from './slack-api-error.js';
import type { SlackRuntime } from './slack-settings.js';

/** Don't start a response_url post this close to its 30-minute expiry. */
const RESPONSE_URL_MARGIN_MS = 30_000;

async function viaResponseUrl(client: SlackApiClient, to: Extract<ReplyTarget, { type: 'response_url' }>, body: MessageBody, now: number): Promise<SendResult> {
  const expiresAt = Date.parse(to.expiresAt);
  if (Number.isFinite(expiresAt) && expiresAt - now > RESPONSE_URL_MARGIN_MS) {
    try {
      await client.postToResponseUrl(to.url, body, { replaceOriginal: Boolean(to.replaceOriginal) });
      return {};
    } catch (error) {
      if (!(error instanceof ResponseUrlUnusable)) throw error;
    }
  }
  // Expired or used up: the bot posts in the channel instead (visible to the channel; needs the bot token).
  if (!to.channelId || !client.canPost) throw new PermanentSendError('response_url expired and no bot token / channel to fall back to');
  return { providerMessageId: (await client.postMessage(to.channelId, body)).ts };
}

/**
 * The Slack outbox sender: a slash command's answer goes to its response_url (ephemeral), falling
 * back to chat.postMessage when the URL is spent; a pressed button's card is replaced through its
 * response_url (`replaceOriginal`) or chat.update (`message_update`); chat targets (mentions, DMs)
 * and user targets (reminders, digests: posting to a user id lands in the bot's DM) use
 * chat.postMessage. Each workspace's own bot token (OAuth install) sends; SLACK_BOT_TOKEN otherwise.
 */
export function createSlackSender(runtime: () => SlackRuntime, now: () => number = Date.now) {
  return async (message: StoredOutboxMessage): Promise<SendResult> => {
    const { to, body } = message;
    try {
      const teamId = 'teamId' in to && typeof to.teamId === 'string' ? to.teamId : undefined;
      const client = await runtime().clientFor(message.tenantId, teamId);
      switch (to.type) {
        case 'response_url':
          return await viaResponseUrl(client, to, body, now());
        case 'chat':
          return { providerMessageId: (await client.postMessage(to.chatId, body, to.threadId)).ts };
        case 'user':
          return { providerMessageId: (await client.postMessage(to.platformUserId, body)).ts };
        case 'message_update':
          if (!to.channelId) throw new PermanentSendError('Slack chat.update needs the channel');
          await client.updateMessage(to.channelId, to.messageId, body);
          return { providerMessageId: to.messageId };
        default:
          throw new PermanentSendError(`Slack cannot deliver to a '${to.type}' target`);
      }
    } catch (error) {
      throw toSendError(error);
    }
  };
}
