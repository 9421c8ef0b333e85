import type { Types } from 'mongoose';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { AutomationActions } from '../crm/automation/automation-actions.js';
import type { DirectorySources } from '../crm/org/directory-sources.js';
import type { CommandSenders } from '../features/commands/command-senders.js';
import type { HandoverTransferSlot } from '../crm/handover/handover-transfer.js';
import type { DomainEventSubscribers } from '../features/domain-events/domain-event-subscribers.js';
import type { Middleware } from 'koa';
import type { AppRouter, AppState } from '../http/app-context.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Logger } from '../logger.js';
import type { HandledEventKind } from '../messaging/inbound-event.js';
import type { MessageRenderers } from '../messaging/message-renderers.js';
import type { Inbox } from '../queue/inbox/create-inbox.js';
import type { InboxHandlers } from '../queue/inbox/inbox-handlers.js';
import type { Outbox } from '../queue/outbox/create-outbox.js';
import type { OutboundSenders } from '../queue/outbox/outbound-senders.js';

/**
 * What every module of one service instance is built from. `buildService` creates a fresh set of
 * registries per instance, so two services in one process (tests, a CLI beside the server) never
 * share handlers, senders, jobs or configuration.
 */
export interface AppDeps {
  config: Config;
  logger: Logger;
  defaultTenantId: Types.ObjectId;
  /** Accepts inbound events (callbacks persist here before answering). */
  inbox: Inbox;
  /** Which module handles which inbound event kind. */
  inboxHandlers: InboxHandlers;
  /** Queues outgoing messages. */
  outbox: Outbox;
  /** How each platform's messages are sent. */
  outboundSenders: OutboundSenders;
  /** How each platform renders the domain's documents and notices (registered by the channel modules). */
  renderers: MessageRenderers;
  /** Scheduled work, run every minute by the leader instance. */
  jobs: Jobs;
  /** Who consumes the CRM's domain events (recorded activities), relayed through the inbox. */
  domainEvents: DomainEventSubscribers;
  /** The steps automation rules may take (built-ins plus what feature modules add). */
  automationActions: AutomationActions;
  /** How each platform finds the staff member behind a chat command. */
  commandSenders: CommandSenders;
  /** This instance's Prometheus metrics (served at /metrics). */
  metrics: Registry;
  /** The chat platform's side of customer handovers (WeCom 客户继承), filled by its channel module. */
  handoverTransfer: HandoverTransferSlot;
  /** Per-source-IP limit of this instance's unauthenticated callback routes. */
  callbackRateLimit: Middleware<AppState>;
  /** How each platform's address book is read for a directory sync (registered by the channel modules). */
  directorySources: DirectorySources;
}

/** What a module leaves running in one service instance. */
export interface ModuleInstance {
  /** Background work beyond the queues and the scheduler (e.g. a long connection). Returns a stop function. */
  start?: () => Promise<() => Promise<void>>;
}

/**
 * A feature plugs into the service through one of these, listed in src/app/app-modules.ts. It
 * lives beside the feature's code: `src/channels/<platform>/<platform>-module.ts` or
 * `src/features/<feature>/<feature>-module.ts`.
 */
export interface AppModule {
  name: string;
  /** The inbound event kinds this module handles; app-modules.ts checks every handled kind has a module. */
  handles?: readonly HandledEventKind[];
  /**
   * Wires the module into one service instance: mounts its routes (Koa plumbing from src/http),
   * registers its inbox handlers, outbound senders, message renderers, jobs and command-sender resolvers on `deps`.
   * Anything it keeps (clients, runtimes) lives in this call's closure, never at module level.
   */
  setup(deps: AppDeps, router: AppRouter): ModuleInstance | void;
}
