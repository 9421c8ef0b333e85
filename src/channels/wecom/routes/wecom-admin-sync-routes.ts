import { startWecomSync, findSyncRun, latestSyncRuns } from '../sync/run-wecom-sync.js';
import type { WecomSyncRunDoc } from '../sync/wecom-sync-run-model.js';
import type { WecomRuntime } from '../wecom-runtime.js';
import { NotFound } from '../../../errors.js';
import { actorOf } from '../../../http/actor-of.js';
import type { AppDeps } from '../../../app/app-module.js';
import type { AppRouter } from '../../../http/app-context.js';
import { authenticate } from '../../../http/auth/authenticate.js';
import { requirePermission } from '../../../http/auth/require-permission.js';

function runView(run: WecomSyncRunDoc) {
  return {
    id: String(run._id),
    trigger: run.trigger,
    status: run.status,
    progress: run.progress,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
  };
}

/**
 * POST /api/admin/wecom/sync      → 202 { run }: starts a full sync in the background (409 if one runs)
 * GET  /api/admin/wecom/sync      → { items: recent runs }
 * GET  /api/admin/wecom/sync/:id  → { run } with live progress
 */
export function wecomAdminSyncRoutes(router: AppRouter, deps: AppDeps, runtime: WecomRuntime): void {
  const guard = [authenticate(deps)] as const;

  router.post('/api/admin/wecom/sync', ...guard, requirePermission('org', 'admin'), async (ctx) => {
    const actor = actorOf(ctx);
    // A full sync reads contacts only: no agent id needed.
    const client = await runtime.clientForTenantAsync(actor.tenantId, { requireAgent: false });
    const { run, done } = await startWecomSync({ tenantId: actor.tenantId, client, trigger: 'admin' });
    done.catch((error: unknown) => deps.logger.warn({ err: { message: (error as Error).message } }, 'WeCom sync failed'));
    ctx.status = 202;
    ctx.body = { run: runView(run) };
  });

  router.get('/api/admin/wecom/sync', ...guard, requirePermission('org', 'admin'), async (ctx) => {
    ctx.body = { items: (await latestSyncRuns(actorOf(ctx).tenantId)).map(runView) };
  });

  router.get('/api/admin/wecom/sync/:id', ...guard, requirePermission('org', 'admin'), async (ctx) => {
    const run = await findSyncRun(actorOf(ctx).tenantId, String(ctx.params.id));
    if (!run) throw new NotFound('sync run');
    ctx.body = { run: runView(run) };
  });
}
