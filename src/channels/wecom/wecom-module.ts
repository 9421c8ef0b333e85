import type { AppModule } from '../../app/app-module.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import { handleContactAdded } from './handlers/handle-contact-added.js';
import { handleContactRemoved } from './handlers/handle-contact-removed.js';
import { handleContactStaffRemoved } from './handlers/handle-contact-staff-removed.js';
import { handleContactTransferFailed } from './handlers/handle-contact-transfer-failed.js';
import { handleContactUpdated } from './handlers/handle-contact-updated.js';
import { handleTagChanged } from './handlers/handle-tag-changed.js';
import type { WecomHandlerDeps } from './handlers/handler-deps.js';
import { resolveWecomStaff } from './resolve-wecom-staff.js';
import { wecomAdminSyncRoutes } from './routes/wecom-admin-sync-routes.js';
import { wecomAuthRoutes } from './routes/wecom-auth-routes.js';
import { wecomCallbackRoutes } from './routes/wecom-callback-routes.js';
import { wecomContactRoutes } from './routes/wecom-contact-routes.js';
import { wecomJssdkRoutes, type WecomJssdkOptions } from './routes/wecom-jssdk-routes.js';
import { createWecomSender } from './send-wecom-message.js';
import { createWecomMessageRenderer } from './wecom-message-renderer.js';
import { nightlyWecomSyncJob } from './sync/nightly-wecom-sync-job.js';
import { createWecomRuntime } from './wecom-runtime.js';

export interface WecomModuleOptions {
  /** Clock and nonce of the JS-SDK signatures (tests pin them to the official vector). */
  jssdk?: WecomJssdkOptions;
}

/**
 * WeCom: the callback route, the sidebar's sign-in and JS-SDK config, the admin sync endpoint;
 * inbox handlers for every contact event; how a command's sender is found (only members can
 * message the app, so an unknown sender gets a Staff record from user/get); the outbox sender;
 * the nightly full sync.
 */
export function createWecomModule(options: WecomModuleOptions = {}) {
  return {
    name: 'wecom',
    handles: ['contact.added', 'contact.updated', 'contact.removed', 'contact.staff_removed', 'contact.transfer_failed', 'tag.changed'],
    setup(deps, router) {
      const runtime = createWecomRuntime(deps.config, deps.defaultTenantId);
      wecomCallbackRoutes(router, deps);
      wecomAuthRoutes(router, deps, runtime);
      wecomJssdkRoutes(router, deps, runtime, options.jssdk);
      wecomAdminSyncRoutes(router, deps, runtime);
      wecomContactRoutes(router, deps, runtime);

      const handlerDeps: WecomHandlerDeps = { tenantId: deps.defaultTenantId, client: runtime.client, outbox: deps.outbox };
      const on = { platform: 'wecom' as const };
      deps.inboxHandlers.on('contact.added', handleContactAdded(handlerDeps), on);
      deps.inboxHandlers.on('contact.updated', handleContactUpdated(handlerDeps), on);
      deps.inboxHandlers.on('contact.removed', handleContactRemoved(handlerDeps), on);
      deps.inboxHandlers.on('contact.staff_removed', handleContactStaffRemoved(handlerDeps), on);
      deps.inboxHandlers.on('contact.transfer_failed', handleContactTransferFailed(handlerDeps), on);
      deps.inboxHandlers.on('tag.changed', handleTagChanged(handlerDeps), on);
      deps.commandSenders.set('wecom', async (tenantId, event) => {
        if (!tenantId.equals(handlerDeps.tenantId)) throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
        const userId = event.actor?.platformUserId ?? '';
        return (await resolveWecomStaff(tenantId, [userId], runtime.client())).get(userId) ?? null;
      });
      deps.outboundSenders.add('wecom', createWecomSender(runtime.client));
      deps.renderers.add('wecom', createWecomMessageRenderer());
      if (deps.config.WECOM_CORP_ID && deps.config.WECOM_SECRET) {
        deps.jobs.add(
          nightlyWecomSyncJob({
            tenantId: deps.defaultTenantId,
            client: runtime.client,
            timezone: deps.config.DEFAULT_TIMEZONE,
            logger: deps.logger.child({ component: 'wecom-sync' }),
          }),
        );
      }
    },
  } satisfies AppModule;
}

export const wecomModule = createWecomModule();
