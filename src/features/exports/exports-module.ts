import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppModule } from '../../app/app-module.js';
import { exportDirectory } from '../../crm/export/export-job-files.js';
import { EXPORT_KIND_NAMES, prepareExportOfKind } from '../../crm/export/export-kinds.js';
import { EXPORT_MODULE } from '../../crm/export/export-permission.js';
import { sweepExpiredExports } from '../../crm/export/sweep-expired-exports.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { sendExport } from '../../http/send-export.js';
import { startPollingWorker } from '../../queue/polling-worker.js';
import { createWakeSignal } from '../../queue/wake-signal.js';
import { mountExportJobRoutes } from './export-job-routes.js';
import { runNextExport } from './run-next-export.js';

/** How long an export run's lock lasts without a heartbeat: a crashed run is started over this long after it died. */
const EXPORT_LOCK_MS = 60_000;

/**
 * Downloads of lists, streamed as they are read (constant memory at any size), in the caller's
 * data scope and audited:
 *   GET /api/exports/customers?format=xlsx|csv&q=&stage=&tag=&ownerId=   (the customer list's filters)
 *   GET /api/exports/deals?format=&stage=&status=open|won|lost&ownerId=&customerId=
 *   GET /api/exports/contracts?format=&status=&ownerId=&customerId=
 *   GET /api/exports/follow-ups?format=&from=&to=&channel=&authorId=&customerId=
 *   GET /api/exports/survey-answers?format=&from=&to=&templateKey=&customerId=
 * and the same lists as background jobs whose files wait under DATA_DIR for a day (export-job-routes.ts).
 */
export const exportsModule: AppModule = {
  name: 'exports',
  setup(deps, router) {
    const wake = createWakeSignal();
    const directory = exportDirectory(deps.config.dataDir);
    // Before the `/:kind` downloads, so `jobs` is never read as a list name.
    mountExportJobRoutes(deps, router, wake);
    for (const kind of EXPORT_KIND_NAMES) {
      router.get(`/api/exports/${kind}`, authenticate(deps), requirePermission(EXPORT_MODULE[kind], 'export'), async (ctx) => {
        // Each kind validates its own query (400 naming the field) before a byte is sent.
        sendExport(ctx, await prepareExportOfKind(actorOf(ctx), kind, { ...ctx.query }), deps.logger);
      });
    }
    deps.jobs.add({ name: 'export-files-sweep', run: ({ now }) => sweepExpiredExports(directory, now) });
    return {
      async start() {
        const logger = deps.logger.child({ component: 'exports' });
        const workerId = `${hostname()}:${process.pid}`;
        const worker = startPollingWorker({
          name: 'exports',
          concurrency: 1,
          pollMs: 2_000,
          wake,
          logger,
          runOnce: () => runNextExport({ token: `${workerId}:${randomBytes(6).toString('hex')}`, lockMs: EXPORT_LOCK_MS, directory, logger }),
        });
        return () => worker.stop();
      },
    };
  },
};
