import type { AppModule } from '../../app/app-module.js';
import { adminOutboxRoutes } from '../../features/queue-admin/admin-outbox-routes.js';
import { queueDepthGauge } from '../queue-depth-gauge.js';
import { OutboxMessage } from './outbox-message-model.js';
import { startOutboxWorker } from './outbox-worker.js';

queueDepthGauge('chatcrm_outbox_messages', 'Outbox messages not yet sent, by status (all tenants)', OutboxMessage, ['pending', 'sending', 'dead']);

/** The outbox: admin API (list dead messages, retry) and the background worker that sends. */
export const outboxModule: AppModule = {
  name: 'outbox',
  routes: adminOutboxRoutes,
  async start(deps) {
    const worker = startOutboxWorker({
      maxAttempts: deps.config.OUTBOX_MAX_ATTEMPTS,
      logger: deps.logger.child({ component: 'outbox' }),
    });
    return () => worker.stop();
  },
};
