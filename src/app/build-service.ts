import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Router } from '@koa/router';
import type Koa from 'koa';
import type { Config } from '../config.js';
import { ensureDefaultTenant } from '../crm/tenants/ensure-default-tenant.js';
import { createCommandSenders } from '../features/commands/command-senders.js';
import { createAutomationActions } from '../crm/automation/automation-actions.js';
import { createDomainEventSubscribers } from '../features/domain-events/domain-event-subscribers.js';
import type { AppState } from '../http/app-context.js';
import { createDirectorySources } from '../crm/org/directory-sources.js';
import { createCallbackRateLimit } from '../http/rate-limit-callbacks.js';
import { createJobs } from '../jobs/jobs.js';
import { createScheduler } from '../jobs/scheduler.js';
import type { Logger } from '../logger.js';
import { createMessageRenderers } from '../messaging/message-renderers.js';
import { createMetricsRegistry } from '../metrics.js';
import { createInbox } from '../queue/inbox/create-inbox.js';
import { InboxEvent } from '../queue/inbox/inbox-event-model.js';
import { createInboxHandlers } from '../queue/inbox/inbox-handlers.js';
import { createOutbox } from '../queue/outbox/create-outbox.js';
import { createOutboundSenders } from '../queue/outbox/outbound-senders.js';
import { OutboxMessage } from '../queue/outbox/outbox-message-model.js';
import { queueDepthGauge } from '../queue/queue-depth-gauge.js';
import type { AppDeps, AppModule, ModuleInstance } from './app-module.js';
import { appModules } from './app-modules.js';
import { assertHandlersDeclared } from './assert-handlers-declared.js';
import { createApp } from './create-app.js';
import { createHandoverTransferSlot } from '../crm/handover/handover-transfer.js';

export interface Service {
  app: Koa<AppState>;
  deps: AppDeps;
  /** Every mounted route (the permission matrix test reads what each one requires from it). */
  router: Router<AppState>;
  /** Starts the inbox and outbox workers, the job scheduler and every module's own background work; returns one stop function. */
  startBackground(): Promise<() => Promise<void>>;
}

/**
 * Builds one service instance on an already-connected database (used by main, scripts and tests).
 * Every registry is created here, per instance, and handed to the modules: two services built in
 * one process share nothing but the database.
 */
export async function buildService(config: Config, logger: Logger, modules: readonly AppModule[] = appModules): Promise<Service> {
  const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
  const inboxHandlers = createInboxHandlers();
  const outboundSenders = createOutboundSenders();
  const metrics = createMetricsRegistry();
  const deps: AppDeps = {
    config,
    logger,
    defaultTenantId: tenant._id,
    inbox: createInbox(inboxHandlers, logger.child({ component: 'inbox' })),
    inboxHandlers,
    outbox: createOutbox(outboundSenders, logger.child({ component: 'outbox' })),
    outboundSenders,
    renderers: createMessageRenderers(),
    jobs: createJobs(),
    commandSenders: createCommandSenders(),
    domainEvents: createDomainEventSubscribers(),
    automationActions: createAutomationActions(),
    metrics,
    callbackRateLimit: createCallbackRateLimit(config),
    handoverTransfer: createHandoverTransferSlot(),
    directorySources: createDirectorySources(),
  };
  queueDepthGauge(metrics, 'chatcrm_inbox_events', 'Inbox events not yet done, by status (all tenants)', InboxEvent, ['pending', 'processing', 'dead']);
  queueDepthGauge(metrics, 'chatcrm_outbox_messages', 'Outbox messages not yet sent, by status (all tenants)', OutboxMessage, ['pending', 'sending', 'dead']);
  const router = new Router<AppState>();
  const instances: ModuleInstance[] = [];
  for (const module of modules) {
    const registered = new Set(inboxHandlers.kinds());
    const instance = module.setup(deps, router);
    if (instance) instances.push(instance);
    assertHandlersDeclared(module, registered, inboxHandlers.kinds());
  }
  const app = createApp(deps, router);

  return {
    app,
    deps,
    router,
    async startBackground() {
      const queueLogger = (component: string) => logger.child({ component });
      const stops: Array<() => Promise<void>> = [];
      const inboxWorker = deps.inbox.startWorker({ maxAttempts: config.INBOX_MAX_ATTEMPTS, logger: queueLogger('inbox') });
      stops.push(() => inboxWorker.stop());
      const outboxWorker = deps.outbox.startWorker({ maxAttempts: config.OUTBOX_MAX_ATTEMPTS, logger: queueLogger('outbox') });
      stops.push(() => outboxWorker.stop());
      const scheduler = createScheduler({
        instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
        jobs: deps.jobs.list(),
        logger: queueLogger('jobs'),
      });
      scheduler.start();
      logger.info({ jobs: deps.jobs.list().map((job) => job.name) }, 'scheduler started');
      stops.push(() => scheduler.stop());
      for (const instance of instances) if (instance.start) stops.push(await instance.start());
      return async () => {
        for (const stop of stops.reverse()) await stop();
      };
    },
  };
}
