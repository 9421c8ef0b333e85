import type { Actor } from '../crm/actor.js';
import { Unauthenticated } from '../errors.js';
import type { AppContext } from './app-context.js';

/** The authenticated actor of a request (routes behind `authenticate`). */
export function actorOf(ctx: AppContext): Actor {
  if (!ctx.state.actor) throw new Unauthenticated();
  return ctx.state.actor;
}
