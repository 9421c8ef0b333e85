import client from 'prom-client';
import type { AppModule } from '../http/app-types.js';
import { metricsRegistry } from '../http/metrics.js';
import { adminInboxRoutes } from '../http/routes/admin-inbox.js';
import { InboxEvent } from './inbox-event-model.js';
import { startInboxWorker } from './inbox-worker.js';

// Queue depth for alerting (a growing `dead` or `pending` count), counted when /metrics is scraped.
new client.Gauge({
  name: 'chatcrm_inbox_events',
  help: 'Inbox events not yet done, by status (all tenants)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
  async collect() {
    for (const status of ['pending', 'processing', 'dead'] as const) {
      const count = await InboxEvent.countDocuments({ status }).catch(() => undefined);
      if (count !== undefined) this.set({ status }, count);
    }
  },
});

/** The inbox: admin API (list dead events, replay) and the background worker that runs the handlers. */
export const inboxModule: AppModule = {
  name: 'inbox',
  routes: adminInboxRoutes,
  async start(deps) {
    const worker = startInboxWorker({
      maxAttempts: deps.config.INBOX_MAX_ATTEMPTS,
      logger: deps.logger.child({ component: 'inbox' }),
    });
    return () => worker.stop();
  },
};
