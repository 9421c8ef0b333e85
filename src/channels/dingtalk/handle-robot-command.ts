import { Types } from 'mongoose';
import { z } from 'zod';
import type { StoredInboxEvent } from '../../inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../inbox/permanent-handler-error.js';
import { enqueueOutbound } from '../../outbox/enqueue-outbound.js';
import type { MessageBody, ReplyTarget } from '../../outbox/outbound-message.js';
import { currentDingTalkCommandRunner } from './dingtalk-command-runner.js';
import { DingTalkConfigError } from './dingtalk-api-error.js';
import type { DingTalkRuntime } from './dingtalk-settings.js';
import type { DingTalkCommandPayload } from './normalize-robot-message.js';
import { resolveDingTalkSender } from './resolve-dingtalk-sender.js';

export const NOT_REGISTERED_TEXT =
  '你好！你还不是 ChatCRM 的注册用户，暂时不能使用机器人命令。请联系管理员在 ChatCRM 中添加你的账号（或登记你的钉钉手机号）后再试。';

// The payload comes back from the database: check the parts we rely on.
const payloadSchema = z.looseObject({
  text: z.string(),
  msgId: z.string().min(1),
  senderStaffId: z.string().min(1).optional(),
  replyTo: z.looseObject({ type: z.literal('session_webhook'), url: z.string(), expiresAt: z.string() }),
});

/**
 * Inbox handler for DingTalk robot commands: find the sender's Staff record, run the command under
 * that person (see {@link currentDingTalkCommandRunner}) and queue the reply to the message's
 * sessionWebhook. Unknown senders get a polite "not registered" reply. Idempotent: the reply's
 * dedupeKey is derived from the msgId, so a re-run queues nothing new.
 */
export function createRobotCommandHandler(runtime: () => DingTalkRuntime) {
  return async (event: StoredInboxEvent<DingTalkCommandPayload>): Promise<void> => {
    const parsed = payloadSchema.safeParse(event.payload);
    if (!parsed.success) throw new PermanentHandlerError('DingTalk command payload is malformed');
    const payload = parsed.data;
    const tenantId = new Types.ObjectId(event.tenantId);
    const replyTo = payload.replyTo as ReplyTarget;

    let staff = null;
    try {
      staff = payload.senderStaffId ? await resolveDingTalkSender(tenantId, payload.senderStaffId, runtime().client) : null;
    } catch (error) {
      // The app may not look people up (no permission): treat the sender as unknown rather than retrying forever.
      if (!(error instanceof DingTalkConfigError)) throw error;
    }

    let reply: MessageBody | null;
    if (!staff) {
      reply = { type: 'text', text: NOT_REGISTERED_TEXT };
    } else {
      reply = await currentDingTalkCommandRunner()({ tenantId, staff, text: payload.text, event });
    }
    if (!reply) return;
    await enqueueOutbound({
      tenantId: event.tenantId,
      platform: 'dingtalk',
      to: replyTo,
      body: reply,
      dedupeKey: `dingtalk:reply:${payload.msgId}`,
    });
  };
}
