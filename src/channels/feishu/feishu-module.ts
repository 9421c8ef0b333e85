import { createFeishuMessageRenderer } from './feishu-message-renderer.js';
import type { AppModule } from '../../app/app-module.js';
import { createFeishuRuntime, feishuSettingsFrom } from './feishu-settings.js';
import { createFeishuCommandSenderResolver } from './resolve-feishu-command-sender.js';
import { mountFeishuEventsRoute } from './routes/feishu-events-routes.js';
import { createFeishuSender } from './send-feishu-message.js';

/**
 * Feishu/Lark: the event callback (bot messages → `command` events), how a command's sender is
 * found (open_id → Staff), the outbound sender (replies as interactive cards, messages to users and chats).
 */
export const feishuModule = {
  name: 'feishu',
  setup(deps, router) {
    const runtime = createFeishuRuntime(feishuSettingsFrom(deps.config, deps.defaultTenantId.toHexString()));
    const current = () => runtime;
    mountFeishuEventsRoute(router, deps, current);
    deps.commandSenders.set('feishu', createFeishuCommandSenderResolver(current));
    deps.outboundSenders.add('feishu', createFeishuSender(current));
    deps.renderers.add('feishu', createFeishuMessageRenderer());
  },
} satisfies AppModule;
