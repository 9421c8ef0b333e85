import type { AppModule } from '../../app/app-module.js';
import { createCardActionHandler } from './handle-card-action.js';

/**
 * Card buttons: the one inbox handler for `card.action` events of every platform (Feishu card
 * actions, Slack block_actions and view_submission). Channels normalize the press; this module
 * applies it through the crm services and refreshes the card.
 */
export const cardActionsModule = {
  name: 'card-actions',
  handles: ['card.action'],
  setup(deps) {
    const base = deps.config.PUBLIC_BASE_URL;
    const logger = deps.logger.child({ module: 'card-actions' });
    deps.inboxHandlers.on(
      'card.action',
      createCardActionHandler({
        senders: deps.commandSenders,
        outbox: deps.outbox,
        logger,
        runtime: {
          logger,
          defaultTimeZone: deps.config.DEFAULT_TIMEZONE,
          renderers: deps.renderers,
          customerLink: (id) => `${base}/sidebar/?customerId=${encodeURIComponent(id)}`,
        },
      }),
    );
  },
} satisfies AppModule;
