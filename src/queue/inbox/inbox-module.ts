import type { AppModule } from '../../app/app-module.js';
import { adminInboxRoutes } from '../../features/queue-admin/admin-inbox-routes.js';
import { queueDepthGauge } from '../queue-depth-gauge.js';
import { InboxEvent } from './inbox-event-model.js';
import { startInboxWorker } from './inbox-worker.js';

queueDepthGauge('chatcrm_inbox_events', 'Inbox events not yet done, by status (all tenants)', InboxEvent, ['pending', 'processing', 'dead']);

/** The inbox: admin API (list dead events, replay) and the background worker that runs the handlers. */
export const inboxModule: AppModule = {
  name: 'inbox',
  routes: adminInboxRoutes,
  async start(deps) {
    const worker = startInboxWorker({
      maxAttempts: deps.config.INBOX_MAX_ATTEMPTS,
      logger: deps.logger.child({ component: 'inbox' }),
    });
    return () => worker.stop();
  },
};
