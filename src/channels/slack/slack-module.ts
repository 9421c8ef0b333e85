import { createSlackMessageRenderer } from './slack-message-renderer.js';
import type { AppModule } from '../../app/app-module.js';
import { createSlackCommandSenderResolver } from './resolve-slack-command-sender.js';
import { mountSlackInteractivityRoute } from './routes/slack-interactivity-routes.js';
import { mountSlackOAuthRoutes } from './routes/slack-oauth-routes.js';
import { mountSlackRoutes } from './routes/slack-routes.js';
import { createSlackSender } from './send-slack-message.js';
import { createSlackRuntime, slackSettingsFrom } from './slack-settings.js';

/**
 * Slack: the slash-command and Events API callbacks (→ `command` events), interactivity (card
 * buttons and the follow-up modal → `card.action`), the OAuth v2 install, how a command's sender
 * is found (Slack user id → Staff), the outbound sender (Block Kit via response_url / chat.postMessage).
 */
export const slackModule = {
  name: 'slack',
  setup(deps, router) {
    const runtime = createSlackRuntime(slackSettingsFrom(deps.config, deps.defaultTenantId.toHexString()));
    const current = () => runtime;
    mountSlackRoutes(router, deps, current);
    mountSlackInteractivityRoute(router, deps, current);
    mountSlackOAuthRoutes(router, deps, current);
    deps.commandSenders.set('slack', createSlackCommandSenderResolver(current));
    deps.outboundSenders.add('slack', createSlackSender(current));
    deps.renderers.add('slack', createSlackMessageRenderer());
  },
} satisfies AppModule;
