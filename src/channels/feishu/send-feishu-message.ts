import { toSendError } from '../shared/to-send-error.js';
import type { StoredOutboxMessage } from '../../queue/outbox/outbox-message-model.js';
import type { SendResult } from '../../queue/outbox/outbound-senders.js';
import { PermanentSendError } from '../../queue/outbox/send-errors.js';
import type { FeishuRuntime } from './feishu-settings.js';

/**
 * The Feishu outbox sender: a command's answer is a reply to its message (`message_reply`); user
 * targets (reminders, digests) are new messages to the open_id, chat targets to the chat; a
 * `message_update` patches a card the bot sent (after a button press). Every
 * send carries the outbox message id as Feishu's `uuid`, so a resend after a crash within an hour
 * is not delivered twice.
 */
export function createFeishuSender(runtime: () => FeishuRuntime) {
  return async (message: StoredOutboxMessage): Promise<SendResult> => {
    const client = runtime().client;
    if (!client) throw new PermanentSendError('Feishu app id/secret are not configured');
    const { to, body, id } = message;
    try {
      switch (to.type) {
        case 'message_reply':
          return { providerMessageId: (await client.reply(to.messageId, body, id)).messageId };
        case 'user':
          return { providerMessageId: (await client.send('open_id', to.platformUserId, body, id)).messageId };
        case 'chat':
          return { providerMessageId: (await client.send('chat_id', to.chatId, body, id)).messageId };
        case 'message_update':
          // A pressed button's card, replaced in place (the same message for everyone in the chat).
          await client.update(to.messageId, body);
          return { providerMessageId: to.messageId };
        default:
          throw new PermanentSendError(`Feishu cannot deliver to a '${to.type}' target`);
      }
    } catch (error) {
      throw toSendError(error);
    }
  };
}
