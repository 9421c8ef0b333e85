import client from 'prom-client';
import type { AppModule } from '../http/app-types.js';
import { metricsRegistry } from '../http/metrics.js';
import { adminOutboxRoutes } from '../http/routes/admin-outbox.js';
import { OutboxMessage } from './outbox-message-model.js';
import { startOutboxWorker } from './outbox-worker.js';

// Queue depth for alerting (a growing `dead` or `pending` count), counted when /metrics is scraped.
new client.Gauge({
  name: 'chatcrm_outbox_messages',
  help: 'Outbox messages not yet sent, by status (all tenants)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
  async collect() {
    for (const status of ['pending', 'sending', 'dead'] as const) {
      const count = await OutboxMessage.countDocuments({ status }).catch(() => undefined);
      if (count !== undefined) this.set({ status }, count);
    }
  },
});

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
