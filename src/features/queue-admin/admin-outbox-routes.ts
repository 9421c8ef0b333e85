import { listOutboxMessages } from '../../queue/outbox/list-outbox-messages.js';
import { OUTBOX_STATUSES } from '../../queue/outbox/outbox-message-model.js';
import { retryOutboxMessage } from '../../queue/outbox/retry-outbox-message.js';
import type { AppDeps, AppRouter } from '../../app/app-module.js';
import { adminQueueRoutes } from './admin-queue-routes.js';

/**
 * GET  /api/admin/outbox?status=dead&cursor=&limit=  → { items, nextCursor }  (newest first)
 * POST /api/admin/outbox/:id/retry                  → { id, status: 'pending' } (dead messages only; 409 otherwise)
 * Admins only, always within their own tenant.
 */
export function adminOutboxRoutes(router: AppRouter, deps: AppDeps): void {
  adminQueueRoutes(router, deps, {
    path: '/api/admin/outbox',
    statuses: OUTBOX_STATUSES,
    list: listOutboxMessages,
    requeue: { verb: 'retry', audit: 'outbox.retry', entity: 'OutboxMessage', run: retryOutboxMessage },
  });
}
