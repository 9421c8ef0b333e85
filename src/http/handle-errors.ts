import type { Middleware } from 'koa';
import type { AppState } from './app-context.js';
import { closeAfterResponse } from './close-after-response.js';
import { toErrorResponse } from './error-response.js';

/** Every request funnels through here: handlers throw, this answers `{ error: { code, message, details? } }`. */
export function handleErrors(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'not_found', message: 'no such route' } };
      }
    } catch (error) {
      const response = toErrorResponse(error);
      if (response.unexpected) ctx.state.log.error({ err: error }, 'unhandled error');
      else if (response.status >= 500) ctx.state.log.warn({ err: { message: (error as Error).message } }, response.message);
      ctx.status = response.status;
      for (const [name, value] of Object.entries(response.headers ?? {})) ctx.set(name, value);
      if (response.closeConnection) closeAfterResponse(ctx);
      ctx.body = { error: { code: response.code, message: response.message, ...(response.details ? { details: response.details } : {}) } };
    }
  };
}
