import type { Router, RouterContext } from '@koa/router';
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
