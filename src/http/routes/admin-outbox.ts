import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../crm/record-audit.js';
import { listOutboxMessages } from '../../outbox/list-outbox-messages.js';
import { OUTBOX_STATUSES } from '../../outbox/outbox-message-model.js';
import { retryOutboxMessage } from '../../outbox/retry-outbox-message.js';
import { actorOf } from '../actor-of.js';
import type { AppDeps, AppRouter } from '../app-types.js';
import { authenticate, requireRole } from '../auth/authenticate.js';
import { readQuery } from '../read-body.js';

const listQuery = z
  .object({
    status: z.enum(OUTBOX_STATUSES).optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/i, 'invalid cursor').optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

/**
 * GET  /api/admin/outbox?status=dead&cursor=&limit=  → { items, nextCursor }  (newest first)
 * POST /api/admin/outbox/:id/retry                  → { id, status: 'pending' } (dead messages only; 409 otherwise)
 * Admins only, always within their own tenant.
 */
export function adminOutboxRoutes(router: AppRouter, deps: AppDeps): void {
  const guard = [authenticate(deps), requireRole('admin')] as const;
  router.get('/api/admin/outbox', ...guard, async (ctx) => {
    const query = readQuery(ctx, listQuery);
    ctx.body = await listOutboxMessages(actorOf(ctx).tenantId.toHexString(), query);
  });
  router.post('/api/admin/outbox/:id/retry', ...guard, async (ctx) => {
    const actor = actorOf(ctx);
    const id = String(ctx.params.id);
    await retryOutboxMessage(actor.tenantId.toHexString(), id);
    await recordAudit(actor, {
      action: 'outbox.retry',
      entity: 'OutboxMessage',
      entityId: new Types.ObjectId(id),
      before: { status: 'dead' },
      after: { status: 'pending', attempts: 0 },
    });
    ctx.body = { id, status: 'pending' };
  });
}
