import type { AppDeps } from '../../app/app-module.js';
import { createExportJob, createExportJobSchema } from '../../crm/export/create-export-job.js';
import { exportDirectory } from '../../crm/export/export-job-files.js';
import { toExportJobView } from '../../crm/export/export-job-view.js';
import { findExportJob } from '../../crm/export/find-export-job.js';
import { openExportJobFile } from '../../crm/export/open-export-job-file.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppRouter } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requireSignedIn } from '../../http/auth/require-permission.js';
import { assertCan } from '../../crm/permissions/access-of.js';
import { EXPORT_MODULE } from '../../crm/export/export-permission.js';
import { readJsonBody } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';
import type { WakeSignal } from '../../queue/wake-signal.js';

/**
 * Large exports as background jobs, seen only by their creator (and admins):
 *   POST /api/exports/jobs {kind, format, filters} → 202 the queued job
 *   GET /api/exports/jobs/:id → status, rows, expiresAt, downloadUrl
 *   GET /api/exports/jobs/:id/file → the file until it expires (then 410)
 */
export function mountExportJobRoutes(deps: AppDeps, router: AppRouter, wake: WakeSignal): void {
  const directory = exportDirectory(deps.config.dataDir);

  router.post('/api/exports/jobs', authenticate(deps), requireSignedIn(), async (ctx) => {
    const input = await readJsonBody(ctx, createExportJobSchema, deps.config.BODY_LIMIT_BYTES);
    // Which export action applies depends on the list asked for, so it is checked once the body is read.
    assertCan(actorOf(ctx), EXPORT_MODULE[input.kind], 'export');
    const job = await createExportJob(actorOf(ctx), input);
    wake.notify();
    ctx.status = 202;
    ctx.body = toExportJobView(job);
  });

  router.get('/api/exports/jobs/:id', authenticate(deps), requireSignedIn(), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = toExportJobView(await findExportJob(actorOf(ctx), readIdParam(ctx, 'export job')));
  });

  router.get('/api/exports/jobs/:id/file', authenticate(deps), requireSignedIn(), async (ctx) => {
    const file = await openExportJobFile(actorOf(ctx), readIdParam(ctx, 'export job'), directory);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Type', file.contentType);
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    ctx.length = file.size;
    ctx.body = file.stream;
  });
}
