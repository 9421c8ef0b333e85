import type { AppModule } from '../../app/app-module.js';
import { surveyLinkSignerFromConfig } from '../../crm/surveys/survey-link-signer.js';
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
    // A loopback base (PUBLIC_BASE_URL unset) opens nothing on the phone that reads the card: no link.
    const reachable = !/^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(base);
    const options: CommandRuntimeOptions = {
      logger: deps.logger.child({ module: 'commands' }),
      defaultTimeZone: deps.config.DEFAULT_TIMEZONE,
      renderers: deps.renderers,
      ...(reachable ? { customerLink: (id: string) => `${base}/sidebar/?customerId=${encodeURIComponent(id)}` } : {}),
      surveyLinks: { signer: surveyLinkSignerFromConfig(deps.config), baseUrl: base },
      handoverTransfer: () => deps.handoverTransfer.get(),
    };
    const handler = createCommandEventHandler(
      { senders: deps.commandSenders, outbox: deps.outbox, latency: commandReplyLatency(deps.metrics) },
      options,
    );
    deps.inboxHandlers.on('command', handler);
  },
} satisfies AppModule;
