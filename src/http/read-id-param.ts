import { objectIdString } from '../crm/customers/customer-input.js';
import { NotFound } from '../errors.js';
import type { AppContext } from './app-context.js';

/**
 * A record id from the route (`:id` unless named otherwise). A malformed id is indistinguishable
 * from a record outside the caller's scope: 404 either way.
 */
export function readIdParam(ctx: AppContext, what: string, name = 'id'): string {
  const result = objectIdString.safeParse(ctx.params[name]);
  if (!result.success) throw new NotFound(what);
  return result.data;
}
