import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdString } from '../../crm/customers/customer-input.js';
import { recordAudit } from '../../crm/record-audit.js';
import type { ListPage, ListPageOptions } from '../../queue/list-page.js';
import { actorOf } from '../../http/actor-of.js';
import type { Config } from '../../config.js';
import type { AppRouter } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readQuery } from '../../http/read-body.js';

export interface AdminQueueSpec<S extends string, V> {
  /** e.g. '/api/admin/inbox' */
  path: string;
  statuses: readonly [S, ...S[]];
  list: (tenantId: string, options: ListPageOptions<S>) => Promise<ListPage<V>>;
  /** The admin action on a dead item: its path segment and audit action ('replay' → 'inbox.replay'). */
  requeue: { verb: string; audit: string; entity: string; run: (tenantId: string, id: string) => Promise<void> };
}

/**
 * GET  <path>?status=dead&cursor=&limit=  → { items, nextCursor }  (newest first)
 * POST <path>/:id/<verb>                   → { id, status: 'pending' } (dead items only; 409 otherwise)
 * Admins only, always within their own tenant.
 */
export function adminQueueRoutes<S extends string, V>(router: AppRouter, deps: { config: Config }, spec: AdminQueueSpec<S, V>): void {
  const listQuery = z
    .object({
      status: z.enum(spec.statuses).optional(),
      cursor: objectIdString.optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    })
    .strict();
  const guard = [authenticate(deps), requirePermission('system', 'admin')] as const;
  router.get(spec.path, ...guard, async (ctx) => {
    const query = readQuery(ctx, listQuery);
    ctx.body = await spec.list(actorOf(ctx).tenantId.toHexString(), query);
  });
  router.post(`${spec.path}/:id/${spec.requeue.verb}`, ...guard, async (ctx) => {
    const actor = actorOf(ctx);
    const id = String(ctx.params.id);
    await spec.requeue.run(actor.tenantId.toHexString(), id);
    await recordAudit(actor, {
      action: spec.requeue.audit,
      entity: spec.requeue.entity,
      entityId: new Types.ObjectId(id),
      before: { status: 'dead' },
      after: { status: 'pending', attempts: 0 },
    });
    ctx.body = { id, status: 'pending' };
  });
}
