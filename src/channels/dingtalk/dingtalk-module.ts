import { createStaffLeftHandler, createStaffSyncHandler } from './handle-staff-change.js';
import { createDingTalkSender } from './send-dingtalk-message.js';
import { createDingTalkRuntime, dingtalkSettingsFrom, type DingTalkRuntime } from './dingtalk-settings.js';
import { createDingTalkCommandSenderResolver } from './resolve-dingtalk-command-sender.js';
import { registerCommandSenderResolver } from '../shared/command-sender-resolvers.js';
import { startDingTalkStreamReceiver } from './stream/start-stream-receiver.js';
import { acceptInboundEvent } from '../../queue/inbox/accept-inbound-event.js';
import { registerInboxHandler } from '../../queue/inbox/inbox-handlers.js';
import { registerOutboundSender } from '../../queue/outbox/outbound-senders.js';
import type { AppDeps, AppModule } from '../../app/app-module.js';
import { mountDingTalkEventsRoute } from './routes/dingtalk-events-routes.js';
import { mountDingTalkRobotRoute } from './routes/dingtalk-robot-routes.js';

// Handlers and the sender are registered once per process, routes once per app; both read the
// runtime of the most recently built app, so a rebuilt app (tests) never talks to a stale config.
let runtime: DingTalkRuntime | null = null;

function configure(deps: AppDeps): void {
  runtime = createDingTalkRuntime(dingtalkSettingsFrom(deps.config, deps.defaultTenantId.toHexString()));
}

function current(): DingTalkRuntime {
  if (!runtime) throw new Error('the DingTalk module was used before the app was built');
  return runtime;
}

/**
 * DingTalk: robot and event callbacks (HTTP, and Stream when enabled), staff sync, how a robot
 * command's sender is found (the commands module runs it and queues the reply to its
 * sessionWebhook), outbound sender.
 */
export const dingtalkModule: AppModule = {
  name: 'dingtalk',
  routes(router, deps) {
    configure(deps);
    mountDingTalkRobotRoute(router, deps, current);
    mountDingTalkEventsRoute(router, deps, current);
  },
  register(deps) {
    configure(deps);
    registerCommandSenderResolver('dingtalk', createDingTalkCommandSenderResolver(current));
    registerInboxHandler('staff.added', createStaffSyncHandler(current), { platform: 'dingtalk' });
    registerInboxHandler('staff.updated', createStaffSyncHandler(current), { platform: 'dingtalk' });
    registerInboxHandler('staff.left', createStaffLeftHandler(), { platform: 'dingtalk' });
    registerOutboundSender('dingtalk', createDingTalkSender(current));
  },
  async start(deps) {
    const { appKey, appSecret, openApiBase, tenantId } = dingtalkSettingsFrom(deps.config, deps.defaultTenantId.toHexString());
    if (!deps.config.DINGTALK_STREAM_MODE) return async () => {};
    if (!appKey || !appSecret) {
      deps.logger.warn('DINGTALK_STREAM_MODE is set but DINGTALK_APP_KEY / DINGTALK_APP_SECRET are not: Stream receiver not started');
      return async () => {};
    }
    const receiver = startDingTalkStreamReceiver({ appKey, appSecret, openApiBase, tenantId, accept: acceptInboundEvent, logger: deps.logger });
    return () => receiver.stop();
  },
};
