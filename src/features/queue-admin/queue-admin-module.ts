import type { AppModule } from '../../app/app-module.js';
import { INBOX_STATUSES } from '../../queue/inbox/inbox-event-model.js';
import { OUTBOX_STATUSES } from '../../queue/outbox/outbox-message-model.js';
import { adminQueueRoutes } from './admin-queue-routes.js';

/**
 * The admin API of the two queues, always within the admin's own tenant:
 *   GET  /api/admin/inbox?status=dead&cursor=&limit=   POST /api/admin/inbox/:id/replay
 *   GET  /api/admin/outbox?status=dead&cursor=&limit=  POST /api/admin/outbox/:id/retry
 * (dead items only; 409 otherwise).
 */
export const queueAdminModule = {
  name: 'queue-admin',
  setup(deps, router) {
    adminQueueRoutes(router, deps, {
      path: '/api/admin/inbox',
      statuses: INBOX_STATUSES,
      list: (tenantId, options) => deps.inbox.list(tenantId, options),
      requeue: { verb: 'replay', audit: 'inbox.replay', entity: 'InboxEvent', run: (tenantId, id) => deps.inbox.replay(tenantId, id) },
    });
    adminQueueRoutes(router, deps, {
      path: '/api/admin/outbox',
      statuses: OUTBOX_STATUSES,
      list: (tenantId, options) => deps.outbox.list(tenantId, options),
      requeue: { verb: 'retry', audit: 'outbox.retry', entity: 'OutboxMessage', run: (tenantId, id) => deps.outbox.retry(tenantId, id) },
    });
  },
} satisfies AppModule;
