import { toSendError } from '../shared/to-send-error.js';
import type { StoredOutboxMessage } from '../../queue/outbox/outbox-message-model.js';
import type { SendResult } from '../../queue/outbox/outbound-senders.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';
import { PermanentSendError } from '../../queue/outbox/send-errors.js';
import type { DingTalkApiClient } from './dingtalk-api-client.js';
import { DingTalkRateLimited, SessionWebhookUnusable } from './dingtalk-api-error.js';
import type { DingTalkRuntime } from './dingtalk-settings.js';

/** Don't start a sessionWebhook post this close to its expiry: it may expire in flight. */
const WEBHOOK_EXPIRY_MARGIN_MS = 30_000;

type SessionTarget = Extract<ReplyTarget, { type: 'session_webhook' }>;

async function sendViaOpenApi(client: DingTalkApiClient, to: SessionTarget, body: MessageBody): Promise<SendResult> {
  if (to.conversationType === 'group' && to.conversationId) {
    const res = await client.sendRobotToGroup(to.conversationId, body, to.robotCode);
    return { providerMessageId: res.processQueryKey };
  }
  if (to.platformUserId) {
    const res = await client.sendRobotToUsers([to.platformUserId], body, to.robotCode);
    if (res.flowControlledUserIds.length > 0) throw new DingTalkRateLimited('flow_controlled', 60_000);
    if (res.invalidUserIds.length > 0) throw new PermanentSendError('DingTalk does not know the recipient');
    return res.processQueryKeys[0] ? { providerMessageId: res.processQueryKeys[0] } : {};
  }
  throw new PermanentSendError('sessionWebhook expired and the target names no chat or user to fall back to');
}

/**
 * The DingTalk outbox sender. Robot replies go to the message's sessionWebhook while it is valid,
 * else (or when DingTalk refuses it) through the robot OpenAPI to the same group or person; user
 * targets (reminders, digests) become work notifications; chat targets go to the group via the robot.
 */
export function createDingTalkSender(runtime: () => DingTalkRuntime, now: () => number = Date.now) {
  return async (message: StoredOutboxMessage): Promise<SendResult> => {
    const client = runtime().client;
    if (!client) throw new PermanentSendError('DingTalk app key/secret are not configured');
    const { to, body } = message;
    try {
      switch (to.type) {
        case 'session_webhook': {
          const expiresAt = Date.parse(to.expiresAt);
          if (Number.isFinite(expiresAt) && expiresAt - now() > WEBHOOK_EXPIRY_MARGIN_MS) {
            try {
              await client.postToSessionWebhook(to.url, body);
              return {};
            } catch (error) {
              if (!(error instanceof SessionWebhookUnusable)) throw error;
            }
          }
          return await sendViaOpenApi(client, to, body);
        }
        case 'chat': {
          const res = await client.sendRobotToGroup(to.chatId, body);
          return { providerMessageId: res.processQueryKey };
        }
        case 'user': {
          // Whoever built the target used the recipient's DingTalk id (platformUserIdOf).
          const res = await client.sendWorkNotification([to.platformUserId], body);
          if (res.skippedOverLimit.length > 0) throw new DingTalkRateLimited('daily_limit', 6 * 3600_000);
          // A duplicate was already delivered today: sending again would be dropped by DingTalk anyway.
          return res.taskIds[0] ? { providerMessageId: res.taskIds[0] } : {};
        }
        default:
          throw new PermanentSendError(`DingTalk cannot deliver to a '${to.type}' target`);
      }
    } catch (error) {
      throw toSendError(error);
    }
  };
}
