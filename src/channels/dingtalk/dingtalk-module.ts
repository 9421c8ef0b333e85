import type { AppModule } from '../../app/app-module.js';
import { createDingTalkRuntimes } from './dingtalk-tenant-runtimes.js';
import { Unavailable } from '../../errors.js';
import { fetchDingTalkDirectory } from './fetch-dingtalk-directory.js';
import { createStaffLeftHandler, createStaffSyncHandler } from './handle-staff-change.js';
import { createDingTalkCommandSenderResolver } from './resolve-dingtalk-command-sender.js';
import { mountDingTalkEventsRoute } from './routes/dingtalk-events-routes.js';
import { mountDingTalkRobotRoute } from './routes/dingtalk-robot-routes.js';
import { createDingTalkMessageRenderer } from './dingtalk-message-renderer.js';
import { createDingTalkSender } from './send-dingtalk-message.js';
import { startDingTalkStreamReceiver } from './stream/start-stream-receiver.js';

/**
 * DingTalk: robot and event callbacks (HTTP, and Stream when enabled), staff sync, how a robot
 * command's sender is found (the commands module runs it and queues the reply to its
 * sessionWebhook), the outbound sender.
 */
export const dingtalkModule = {
  name: 'dingtalk',
  handles: ['staff.added', 'staff.updated', 'staff.left'],
  setup(deps, router) {
    const runtimes = createDingTalkRuntimes(deps.config, deps.defaultTenantId);
    const { settings } = runtimes.defaults;
    const current = () => runtimes.defaults;
    mountDingTalkRobotRoute(router, deps, current);
    mountDingTalkEventsRoute(router, deps, runtimes);
    deps.commandSenders.set('dingtalk', createDingTalkCommandSenderResolver(current));
    deps.inboxHandlers.on('staff.added', createStaffSyncHandler(runtimes.forTenant), { platform: 'dingtalk' });
    deps.inboxHandlers.on('staff.updated', createStaffSyncHandler(runtimes.forTenant), { platform: 'dingtalk' });
    deps.inboxHandlers.on('staff.left', createStaffLeftHandler(), { platform: 'dingtalk' });
    deps.outboundSenders.add('dingtalk', createDingTalkSender(current));
    deps.directorySources.set('dingtalk', async (tenantId) => {
      // Each company syncs with its own DingTalk app (environment for the default one, stored settings for the others).
      const runtime = await runtimes.forTenant(tenantId.toHexString());
      if (!runtime.client) throw new Unavailable('no DingTalk app is configured for this company');
      return fetchDingTalkDirectory(runtime.client);
    });
    deps.renderers.add('dingtalk', createDingTalkMessageRenderer());
    return {
      async start() {
        if (!deps.config.DINGTALK_STREAM_MODE) return async () => {};
        const { appKey, appSecret, openApiBase, tenantId } = settings;
        if (!appKey || !appSecret) {
          deps.logger.warn('DINGTALK_STREAM_MODE is set but DINGTALK_APP_KEY / DINGTALK_APP_SECRET are not: Stream receiver not started');
          return async () => {};
        }
        const receiver = startDingTalkStreamReceiver({
          appKey,
          appSecret,
          openApiBase,
          tenantId,
          accept: (event) => deps.inbox.accept(event),
          logger: deps.logger,
        });
        return () => receiver.stop();
      },
    };
  },
} satisfies AppModule;
