import { Router } from '@koa/router';
import Koa from 'koa';
import type { AppDeps, AppModule, AppState } from '../app/app-module.js';
import { handleErrors } from './handle-errors.js';
import { measureRequests } from '../metrics.js';
import { requestContext } from './request-context.js';
import { securityHeaders } from './security-headers.js';

/** The Koa app: one request context, one error path, then every module's routes. */
export function createApp(deps: AppDeps, modules: AppModule[]): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: true });
  app.silent = true;
  const router = new Router<AppState>();
  for (const module of modules) module.routes?.(router, deps);

  app.use(requestContext(deps.logger));
  app.use(measureRequests());
  app.use(securityHeaders());
  app.use(handleErrors());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
