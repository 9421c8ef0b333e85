import { createSlackMessageRenderer } from './slack-message-renderer.js';
import type { AppModule } from '../../app/app-module.js';
import { createSlackCommandSenderResolver } from './resolve-slack-command-sender.js';
import { mountSlackRoutes } from './routes/slack-routes.js';
import { createSlackSender } from './send-slack-message.js';
import { createSlackRuntime, slackSettingsFrom } from './slack-settings.js';

/**
 * Slack: the slash-command and Events API callbacks (→ `command` events), how a command's sender
 * is found (Slack user id → Staff), the outbound sender (Block Kit via response_url / chat.postMessage).
 */
export const slackModule = {
  name: 'slack',
  setup(deps, router) {
    const runtime = createSlackRuntime(slackSettingsFrom(deps.config, deps.defaultTenantId.toHexString()));
    const current = () => runtime;
    mountSlackRoutes(router, deps, current);
    deps.commandSenders.set('slack', createSlackCommandSenderResolver(current));
    deps.outboundSenders.add('slack', createSlackSender(current));
    deps.renderers.add('slack', createSlackMessageRenderer());
  },
} satisfies AppModule;
