import type { AppModule } from '../../app/app-module.js';
import { contactsRoutes } from '../../features/contacts/contacts-module.js';
import { wecomAdminSyncRoutes } from './routes/wecom-admin-sync-routes.js';
import { wecomCallbackRoutes } from './routes/wecom-callback-routes.js';
import { registerInboxHandler } from '../../queue/inbox/inbox-handlers.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import { registerJob } from '../../jobs/job-registry.js';
import { registerOutboundSender } from '../../queue/outbox/outbound-senders.js';
import { handleContactAdded } from './handlers/handle-contact-added.js';
import { handleContactRemoved } from './handlers/handle-contact-removed.js';
import { handleContactStaffRemoved } from './handlers/handle-contact-staff-removed.js';
import { handleContactTransferFailed } from './handlers/handle-contact-transfer-failed.js';
import { handleContactUpdated } from './handlers/handle-contact-updated.js';
import { handleTagChanged } from './handlers/handle-tag-changed.js';
import type { WecomHandlerDeps } from './handlers/handler-deps.js';
import { registerCommandSenderResolver } from '../shared/command-sender-resolvers.js';
import { resolveWecomStaff } from './resolve-wecom-staff.js';
import { createWecomSender } from './send-wecom-message.js';
import { nightlyWecomSyncJob } from './sync/nightly-wecom-sync-job.js';
import { wecomApiClient } from './wecom-runtime.js';

/**
 * WeCom: the callback route, the sidebar's contact API, the admin sync endpoint; inbox handlers
 * for every contact event; how a command's sender is found (only members can message the app, so
 * an unknown sender gets a Staff record from user/get); the outbox sender; the nightly full sync.
 */
export const wecomModule: AppModule = {
  name: 'wecom',
  routes(router, deps) {
    wecomCallbackRoutes(router, deps);
    contactsRoutes(router, deps);
    wecomAdminSyncRoutes(router, deps);
  },
  register(deps) {
    const handlerDeps: WecomHandlerDeps = { tenantId: deps.defaultTenantId, client: () => wecomApiClient(deps.config) };
    const on = { platform: 'wecom' as const };
    registerInboxHandler('contact.added', handleContactAdded(handlerDeps), on);
    registerInboxHandler('contact.updated', handleContactUpdated(handlerDeps), on);
    registerInboxHandler('contact.removed', handleContactRemoved(handlerDeps), on);
    registerInboxHandler('contact.staff_removed', handleContactStaffRemoved(handlerDeps), on);
    registerInboxHandler('contact.transfer_failed', handleContactTransferFailed(handlerDeps), on);
    registerInboxHandler('tag.changed', handleTagChanged(handlerDeps), on);
    registerCommandSenderResolver('wecom', async (tenantId, event) => {
      if (!tenantId.equals(handlerDeps.tenantId)) throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
      const userId = event.actor?.platformUserId ?? '';
      return (await resolveWecomStaff(tenantId, [userId], handlerDeps.client())).get(userId) ?? null;
    });
    registerOutboundSender('wecom', createWecomSender(() => wecomApiClient(deps.config)));
    if (deps.config.WECOM_CORP_ID && deps.config.WECOM_SECRET) {
      registerJob(
        nightlyWecomSyncJob({
          tenantId: deps.defaultTenantId,
          client: () => wecomApiClient(deps.config),
          timezone: deps.config.DEFAULT_TIMEZONE,
          logger: deps.logger.child({ component: 'wecom-sync' }),
        }),
      );
    }
  },
};
