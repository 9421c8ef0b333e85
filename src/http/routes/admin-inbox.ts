import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../crm/record-audit.js';
import { INBOX_STATUSES } from '../../inbox/inbox-event-model.js';
import { listInboxEvents } from '../../inbox/list-inbox-events.js';
import { replayInboxEvent } from '../../inbox/replay-inbox-event.js';
import { actorOf } from '../actor-of.js';
import type { AppDeps, AppRouter } from '../app-types.js';
import { authenticate, requireRole } from '../auth/authenticate.js';
import { readQuery } from '../read-body.js';

const listQuery = z
  .object({
    status: z.enum(INBOX_STATUSES).optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/i, 'invalid cursor').optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

/**
 * GET  /api/admin/inbox?status=dead&cursor=&limit=  → { items, nextCursor }  (newest first)
 * POST /api/admin/inbox/:id/replay                  → { id, status: 'pending' } (dead events only; 409 otherwise)
 * Admins only, always within their own tenant.
 */
export function adminInboxRoutes(router: AppRouter, deps: AppDeps): void {
  const guard = [authenticate(deps), requireRole('admin')] as const;
  router.get('/api/admin/inbox', ...guard, async (ctx) => {
    const query = readQuery(ctx, listQuery);
    ctx.body = await listInboxEvents(actorOf(ctx).tenantId.toHexString(), query);
  });
  router.post('/api/admin/inbox/:id/replay', ...guard, async (ctx) => {
    const actor = actorOf(ctx);
    const id = String(ctx.params.id);
    await replayInboxEvent(actor.tenantId.toHexString(), id);
    await recordAudit(actor, {
      action: 'inbox.replay',
      entity: 'InboxEvent',
      entityId: new Types.ObjectId(id),
      before: { status: 'dead' },
      after: { status: 'pending', attempts: 0 },
    });
    ctx.body = { id, status: 'pending' };
  });
}
