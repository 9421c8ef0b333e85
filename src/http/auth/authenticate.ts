import type { Middleware } from 'koa';
import { Types } from 'mongoose';
import type { ChangeSource, Role } from '../../crm/actor.js';
import { Unauthenticated } from '../../errors.js';
import { Staff } from '../../crm/models/staff.js';
import { resolveAccess } from '../../crm/permissions/resolve-access.js';
import type { Config } from '../../config.js';
import type { AppState } from '../app-context.js';
import { verifyAccessToken } from './access-token.js';

/** Requests from the sidebar say so, so their changes are recorded with source `sidebar`. */
function sourceOf(header: string | undefined): ChangeSource {
  return header === 'sidebar' ? 'sidebar' : 'api';
}

/** Bearer JWT → the staff member as stored now (so deactivation and role changes apply at once) → ctx.state.actor. */
export function authenticate(deps: { config: Pick<Config, 'JWT_SECRET' | 'JWT_TTL_SECONDS'> }): Middleware<AppState> {
  const settings = { secret: deps.config.JWT_SECRET, ttlSeconds: deps.config.JWT_TTL_SECONDS };
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(header);
    if (!match) throw new Unauthenticated('missing bearer token');
    const claims = verifyAccessToken(settings, match[1]!);
    const staff = await Staff.findOne({ _id: new Types.ObjectId(claims.staffId), tenantId: new Types.ObjectId(claims.tenantId) });
    if (!staff || !staff.active) throw new Unauthenticated('unknown or inactive user');
    ctx.state.staff = staff;
    ctx.state.actor = {
      tenantId: staff.tenantId,
      staffId: staff._id,
      role: staff.role as Role,
      departments: [...staff.departments],
      source: sourceOf(ctx.get('x-chatcrm-client') || undefined),
      name: staff.name,
      access: await resolveAccess(staff),
    };
    await next();
  };
}
