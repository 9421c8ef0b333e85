import type { Middleware } from 'koa';
import type { AppState } from './app-context.js';
import type { Config } from '../config.js';
import { Forbidden, Unauthenticated } from '../errors.js';
import { constantTimeEqual } from '../secrets/constant-time-equal.js';

const LOOPBACK: readonly string[] = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/**
 * Who may read /metrics (queue depths, route names, error rates) in production: a caller with
 * `Authorization: Bearer $METRICS_TOKEN`, or — when no token is configured — a scraper on this
 * host. Loopback means the socket's peer, not `ctx.ip` (which trusts X-Forwarded-For), and a
 * forwarded request is not local even from a local reverse proxy. Other environments are open.
 */
export function guardMetrics(config: Pick<Config, 'NODE_ENV' | 'METRICS_TOKEN'>): Middleware<AppState> {
  return async (ctx, next) => {
    if (config.NODE_ENV === 'production') {
      if (config.METRICS_TOKEN) {
        const match = /^Bearer (.+)$/.exec(ctx.get('authorization'));
        if (!match || !constantTimeEqual(match[1]!, config.METRICS_TOKEN)) throw new Unauthenticated('metrics token required');
      } else {
        const local = LOOPBACK.includes(ctx.req.socket.remoteAddress ?? '') && !ctx.get('x-forwarded-for') && !ctx.get('forwarded');
        if (!local) throw new Forbidden('metrics are served to localhost only (set METRICS_TOKEN for remote scraping)');
      }
    }
    await next();
  };
}
