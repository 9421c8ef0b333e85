import { InvalidInput } from '../../errors.js';
import type { OutboundSender } from '../../queue/outbox/outbound-senders.js';
import { PermanentSendError, RetryLaterError } from '../../queue/outbox/send-errors.js';
import { WecomApiError, WecomConfigurationError, WecomRateLimitError } from './api/api-errors.js';
import type { WecomApiClient } from './api/wecom-api-client.js';
import { renderWecomMessage } from './render-message.js';

/**
 * The outbox's WeCom sender: app messages via message/send, without WeCom's duplicate check.
 * That check drops any message whose content equals one sent in the interval — `/待办` at 9:00
 * and again at 10:00 with nothing changed would get silence, and two reminders with the same
 * text would arrive as one. Idempotency is the outbox's: one message per dedupeKey.
 */
export function createWecomSender(client: () => WecomApiClient): OutboundSender {
  return async (message) => {
    if (message.to.type !== 'user') {
      throw new PermanentSendError(`WeCom app messages go to users; '${message.to.type}' targets are not supported`);
    }
    let result;
    try {
      result = await client().sendMessage({ touser: [message.to.platformUserId] }, renderWecomMessage(message.body));
    } catch (error) {
      if (error instanceof WecomRateLimitError) throw new RetryLaterError(error.message, { retryAfterMs: error.retryAfterMs });
      if (error instanceof WecomConfigurationError) throw new PermanentSendError(error.message);
      if (error instanceof WecomApiError && !error.retryable) throw new PermanentSendError(error.message);
      if (error instanceof InvalidInput) throw new PermanentSendError(error.message);
      throw error;
    }
    // WeCom lower-cases ids in invaliduser.
    if (result.invaliduser && result.invaliduser.split('|').includes(message.to.platformUserId.toLowerCase())) {
      throw new PermanentSendError(`WeCom rejected the recipient ${message.to.platformUserId}`);
    }
    return result.msgid ? { providerMessageId: result.msgid } : {};
  };
}
