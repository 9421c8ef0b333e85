import type { Router, RouterContext } from '@koa/router';
import type { Types } from 'mongoose';
import type { Config } from '../config.js';
import type { Actor } from '../crm/actor.js';
import type { StaffDoc } from '../crm/models/staff.js';
import type { Logger } from '../logger.js';

export interface AppState {
  requestId: string;
  log: Logger;
  /** Set by `authenticate` on protected routes. */
  actor?: Actor;
  staff?: StaffDoc;
}

export type AppContext = RouterContext<AppState>;
export type AppRouter = Router<AppState>;

/** What every part of the service is built from; tests build one with their own config. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  defaultTenantId: Types.ObjectId;
}

/**
 * A feature plugs into the service through one of these (listed in src/app-modules.ts):
 * routes, inbox handlers / outbox senders, and background work.
 */
export interface AppModule {
  name: string;
  routes?: (router: AppRouter, deps: AppDeps) => void;
  /** Registers inbox handlers, outbox senders… Called once when the app is built. */
  register?: (deps: AppDeps) => void;
  /** Background work (workers, cron). Started by main, not by tests unless they ask. Returns a stop function. */
  start?: (deps: AppDeps) => Promise<() => Promise<void>>;
}
