import type { AppModule } from '../../app/app-module.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import { startPollingWorker } from '../../queue/polling-worker.js';
import { relayActivities } from './relay-activities.js';

/** How often an idle relay looks for newly recorded activities. */
const RELAY_POLL_MS = 1000;

/**
 * Domain events: every timeline activity the CRM records is relayed into the durable inbox, one
 * event per interested subscriber (`deps.domainEvents.subscribe(...)` in a module's setup), and
 * handed to that subscriber by the inbox worker with retries and the dead letter like any event.
 */
export const domainEventsModule = {
  name: 'domain-events',
  handles: ['domain.event'],
  setup(deps) {
    deps.inboxHandlers.on('domain.event', async (event) => {
      const subscriber = deps.domainEvents.find(event.payload.subscriber);
      if (!subscriber) throw new PermanentHandlerError(`no domain-event subscriber '${event.payload.subscriber}' in this service`);
      await subscriber.handle({ tenantId: event.tenantId, activity: event.payload.activity, attempts: event.attempts });
    });
    return {
      async start() {
        const worker = startPollingWorker({
          name: 'domain-event-relay',
          concurrency: 1,
          pollMs: RELAY_POLL_MS,
          runOnce: async () => (await relayActivities(deps.inbox, deps.domainEvents)) > 0,
          logger: deps.logger.child({ component: 'domain-event-relay' }),
        });
        return () => worker.stop();
      },
    };
  },
} satisfies AppModule;
