import { setDingTalkCommandRunner } from '../channels/dingtalk/dingtalk-command-runner.js';
import type { AppModule } from '../http/app-types.js';
import { registerInboxHandler } from '../inbox/inbox-handlers.js';
import { commandReplyLatency } from './command-reply-latency.js';
import { createCommandEventHandler } from './handle-command-event.js';
import { runCommandForStaff, type CommandRuntimeOptions } from './run-command-for-staff.js';

/**
 * Chat commands. The generic `command` inbox handler serves every platform whose channel does
 * not handle commands itself (WeCom); DingTalk resolves its sender (mobile linking through its
 * API) in its own handler and plugs this runner in through its hook, delivering the reply itself.
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
    setDingTalkCommandRunner(async ({ tenantId, staff, text, event }) => {
      const outcome = await runCommandForStaff(
        {
          tenantId,
          platform: 'dingtalk',
          staff,
          platformUserId: event.actor?.platformUserId ?? staff.dingtalkUserId ?? staff.userId,
          text,
          eventKey: event.dedupeKey,
          receivedAt: new Date(event.receivedAt),
        },
        options,
      );
      // Measured when the reply is handed back; the channel queues it right after.
      commandReplyLatency.observe({ platform: 'dingtalk', status: outcome.status }, (Date.now() - new Date(event.receivedAt).getTime()) / 1000);
      return outcome.reply;
    });
  },
};
