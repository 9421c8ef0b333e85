import { INBOX_STATUSES } from '../../queue/inbox/inbox-event-model.js';
import { listInboxEvents } from '../../queue/inbox/list-inbox-events.js';
import { replayInboxEvent } from '../../queue/inbox/replay-inbox-event.js';
import type { AppDeps, AppRouter } from '../../app/app-module.js';
import { adminQueueRoutes } from './admin-queue-routes.js';

/**
 * GET  /api/admin/inbox?status=dead&cursor=&limit=  → { items, nextCursor }  (newest first)
 * POST /api/admin/inbox/:id/replay                  → { id, status: 'pending' } (dead events only; 409 otherwise)
 * Admins only, always within their own tenant.
 */
export function adminInboxRoutes(router: AppRouter, deps: AppDeps): void {
  adminQueueRoutes(router, deps, {
    path: '/api/admin/inbox',
    statuses: INBOX_STATUSES,
    list: listInboxEvents,
    requeue: { verb: 'replay', audit: 'inbox.replay', entity: 'InboxEvent', run: replayInboxEvent },
  });
}
