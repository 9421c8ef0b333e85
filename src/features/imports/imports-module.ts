import { hostname } from 'node:os';
import type { AppModule } from '../../app/app-module.js';
import { startPollingWorker } from '../../queue/polling-worker.js';
import { createWakeSignal } from '../../queue/wake-signal.js';
import { newImportToken } from './claim-import-job.js';
import { mountImportRoutes } from './import-routes.js';
import { runNextImport } from './run-next-import.js';

/** How long a run's lock lasts without a heartbeat: a crashed run is resumed this long after it died. */
const IMPORT_LOCK_MS = 60_000;

/**
 * Imports of customers from CSV/XLSX: the admin REST API, and a background worker per instance
 * that runs queued imports (one at a time per tenant) and resumes crashed ones.
 */
export const importsModule: AppModule = {
  name: 'imports',
  setup(deps, router) {
    const wake = createWakeSignal();
    mountImportRoutes(deps, router, wake);
    return {
      async start() {
        const logger = deps.logger.child({ component: 'imports' });
        const workerId = `${hostname()}:${process.pid}`;
        const worker = startPollingWorker({
          name: 'imports',
          concurrency: 1,
          pollMs: 2_000,
          wake,
          logger,
          runOnce: () => runNextImport({ token: newImportToken(workerId), lockMs: IMPORT_LOCK_MS, logger }),
        });
        return () => worker.stop();
      },
    };
  },
};
