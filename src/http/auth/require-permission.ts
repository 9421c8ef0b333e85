import type { Middleware } from 'koa';
import type { PermissionAction, PermissionModule } from '../../crm/permissions/catalogue.js';
import { assertCan } from '../../crm/permissions/access-of.js';
import { Unauthenticated } from '../../errors.js';
import type { AppState } from '../app-context.js';

/** What a route declares it needs; read back from the router by the permission matrix test. */
export type RoutePermission = { module: PermissionModule; action: PermissionAction } | { signedIn: true };

export const ROUTE_PERMISSION = Symbol.for('chatcrm.routePermission');

export type PermissionMiddleware = Middleware<AppState> & { [ROUTE_PERMISSION]: RoutePermission };

function declare(permission: RoutePermission, middleware: Middleware<AppState>): PermissionMiddleware {
  return Object.assign(middleware, { [ROUTE_PERMISSION]: permission });
}

/** After `authenticate`: the caller's groups must grant `action` on `module`, or the request is refused with 403. */
export function requirePermission(module: PermissionModule, action: PermissionAction): PermissionMiddleware {
  return declare({ module, action }, async (ctx, next) => {
    if (!ctx.state.actor) throw new Unauthenticated();
    assertCan(ctx.state.actor, module, action);
    await next();
  });
}

/** A route about the caller themselves (who am I): any signed-in staff member, whatever their groups. */
export function requireSignedIn(): PermissionMiddleware {
  return declare({ signedIn: true }, async (ctx, next) => {
    if (!ctx.state.actor) throw new Unauthenticated();
    await next();
  });
}
