import type { Types } from 'mongoose';
import { setDingTalkCommandRunner } from '../channels/dingtalk/dingtalk-command-runner.js';
import { setWecomCommandRunner } from '../channels/wecom/wecom-command-runner.js';
import type { StaffDoc } from '../crm/models/staff.js';
import type { AppModule } from '../http/app-types.js';
import type { Platform } from '../inbox/inbound-event.js';
import type { StoredInboxEvent } from '../inbox/inbox-event-model.js';
import { registerInboxHandler } from '../inbox/inbox-handlers.js';
import type { MessageBody } from '../outbox/outbound-message.js';
import { commandReplyLatency } from './command-reply-latency.js';
import { createCommandEventHandler } from './handle-command-event.js';
import { runCommandForStaff, type CommandRuntimeOptions } from './run-command-for-staff.js';

/** The shape both channels' command hooks call: the sender is already known as staff. */
type ChannelRunnerInput = { tenantId: Types.ObjectId; staff: StaffDoc; text: string; event: StoredInboxEvent };

function channelRunner(platform: Platform, options: CommandRuntimeOptions) {
  return async ({ tenantId, staff, text, event }: ChannelRunnerInput): Promise<MessageBody> => {
    const outcome = await runCommandForStaff(
      {
        tenantId,
        platform,
        staff,
        platformUserId: event.actor?.platformUserId ?? staff.userId,
        text,
        eventKey: event.dedupeKey,
        receivedAt: new Date(event.receivedAt),
      },
      options,
    );
    // Measured when the reply is handed back; the channel queues it right after.
    commandReplyLatency.observe({ platform, status: outcome.status }, (Date.now() - new Date(event.receivedAt).getTime()) / 1000);
    return outcome.reply;
  };
}

/**
 * Chat commands. WeCom and DingTalk resolve their sender (creating or linking the Staff record
 * through their APIs) and deliver the reply themselves; they call this runner through their
 * command hooks. Any other platform's `command` events go to the generic inbox handler, which
 * maps the platform user id to Staff and queues the reply to the event's `replyTo`.
 */
export const commandsModule: AppModule = {
  name: 'commands',
  register(deps) {
    const base = deps.config.PUBLIC_BASE_URL;
    const options: CommandRuntimeOptions = {
      logger: deps.logger.child({ module: 'commands' }),
      defaultTimeZone: deps.config.DEFAULT_TIMEZONE,
      customerLink: (id) => `${base}/sidebar/?customerId=${encodeURIComponent(id)}`,
    };
    registerInboxHandler('command', createCommandEventHandler(options));
    setWecomCommandRunner(channelRunner('wecom', options));
    setDingTalkCommandRunner(channelRunner('dingtalk', options));
  },
};
