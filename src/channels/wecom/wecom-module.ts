import type { AppModule } from '../../app/app-module.js';
import { fetchWecomDirectory } from './sync/fetch-wecom-directory.js';
import { handleWecomStaffChanged, handleWecomStaffLeft } from './handlers/handle-staff-change.js';
import type { InboundEventKind } from '../../messaging/inbound-event.js';
import type { InboxHandler } from '../../queue/inbox/inbox-handlers.js';
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
import { perTenantHandler, perTenantSender, tenantClient } from './per-tenant-wecom.js';
import { createWecomMessageRenderer } from './wecom-message-renderer.js';
import { nightlyWecomSyncJob } from './sync/nightly-wecom-sync-job.js';
import { createWecomRuntime } from './wecom-runtime.js';
import { wecomHandoverTransfer } from './wecom-handover-transfer.js';

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
    handles: ['contact.added', 'contact.updated', 'contact.removed', 'contact.staff_removed', 'contact.transfer_failed', 'tag.changed', 'staff.added', 'staff.updated', 'staff.left'],
    setup(deps, router) {
      const runtime = createWecomRuntime(deps.config, deps.defaultTenantId);
      wecomCallbackRoutes(router, deps, runtime);
      wecomAuthRoutes(router, deps, runtime);
      wecomJssdkRoutes(router, deps, runtime, options.jssdk);
      wecomAdminSyncRoutes(router, deps, runtime);
      wecomContactRoutes(router, deps, runtime);

      const handlerDeps: WecomHandlerDeps = { tenantId: deps.defaultTenantId, client: runtime.client, outbox: deps.outbox };
      const on = { platform: 'wecom' as const };
      const each = <K extends InboundEventKind>(make: (d: WecomHandlerDeps) => InboxHandler<K>) => perTenantHandler(handlerDeps, runtime, make);
      deps.inboxHandlers.on('contact.added', each(handleContactAdded), on);
      deps.inboxHandlers.on('contact.updated', each(handleContactUpdated), on);
      deps.inboxHandlers.on('contact.removed', each(handleContactRemoved), on);
      deps.inboxHandlers.on('contact.staff_removed', each(handleContactStaffRemoved), on);
      deps.inboxHandlers.on('contact.transfer_failed', each(handleContactTransferFailed), on);
      deps.inboxHandlers.on('tag.changed', each(handleTagChanged), on);
      deps.inboxHandlers.on('staff.added', each(handleWecomStaffChanged), on);
      deps.inboxHandlers.on('staff.updated', each(handleWecomStaffChanged), on);
      deps.inboxHandlers.on('staff.left', each(handleWecomStaffLeft), on);
      deps.commandSenders.set('wecom', async (tenantId, event) => {
        const client = tenantId.equals(handlerDeps.tenantId)
          ? runtime.client()
          : await tenantClient(runtime, tenantId, (message) => new PermanentHandlerError(message));
        const userId = event.actor?.platformUserId ?? '';
        return (await resolveWecomStaff(tenantId, [userId], client)).get(userId) ?? null;
      });
      deps.outboundSenders.add('wecom', perTenantSender(deps.defaultTenantId, runtime));
      deps.directorySources.set('wecom', async (tenantId) => fetchWecomDirectory(await runtime.clientForTenantAsync(tenantId, { requireAgent: false })));
      deps.renderers.add('wecom', createWecomMessageRenderer());
      deps.handoverTransfer.set(wecomHandoverTransfer(runtime));
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
