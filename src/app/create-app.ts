import type { Router } from '@koa/router';
import Koa from 'koa';
import type { AppState } from '../http/app-context.js';
import { handleErrors } from '../http/handle-errors.js';
import { measureRequests } from '../http/measure-requests.js';
import { requestContext } from '../http/request-context.js';
import { securityHeaders } from '../http/security-headers.js';
import type { AppDeps } from './app-module.js';

/** The Koa app: one request context, one error path, then the routes every module mounted. */
export function createApp(deps: Pick<AppDeps, 'config' | 'logger' | 'metrics'>, router: Router<AppState>): Koa<AppState> {
  // ctx.ip (the rate limit's key) trusts only the X-Forwarded-For entries our own proxies appended:
  // with no proxy configured a client cannot pick its own address by sending the header.
  const hops = deps.config.TRUST_PROXY_HOPS;
  const app = new Koa<AppState>({ proxy: hops > 0, maxIpsCount: hops });
  app.silent = true;
  app.use(requestContext(deps.logger));
  app.use(measureRequests(deps.metrics));
  app.use(securityHeaders());
  app.use(handleErrors());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
