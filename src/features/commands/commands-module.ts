import type { AppModule } from '../../app/app-module.js';
import { commandReplyLatency } from './command-reply-latency.js';
import { createCommandEventHandler } from './handle-command-event.js';
import type { CommandRuntimeOptions } from './run-command-for-staff.js';

/**
 * Chat commands: the one inbox handler for `command` events of every platform. Channels only say
 * how their sender is found (deps.commandSenders) and how the reply target is delivered (their
 * outbound sender).
 */
export const commandsModule = {
  name: 'commands',
  handles: ['command'],
  setup(deps) {
    const base = deps.config.PUBLIC_BASE_URL;
    const options: CommandRuntimeOptions = {
      logger: deps.logger.child({ module: 'commands' }),
      defaultTimeZone: deps.config.DEFAULT_TIMEZONE,
      renderers: deps.renderers,
      customerLink: (id) => `${base}/sidebar/?customerId=${encodeURIComponent(id)}`,
    };
    const handler = createCommandEventHandler(
      { senders: deps.commandSenders, outbox: deps.outbox, latency: commandReplyLatency(deps.metrics) },
      options,
    );
    deps.inboxHandlers.on('command', handler);
  },
} satisfies AppModule;
