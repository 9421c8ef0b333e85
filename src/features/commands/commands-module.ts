import type { AppModule } from '../../app/app-module.js';
import { registerInboxHandler } from '../../queue/inbox/inbox-handlers.js';
import { createCommandEventHandler } from './handle-command-event.js';
import type { CommandRuntimeOptions } from './run-command-for-staff.js';

/**
 * Chat commands: the one inbox handler for `command` events of every platform. Channels only say
 * how their sender is found (registerCommandSenderResolver) and how the reply target is delivered
 * (their outbound sender).
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
  },
};
