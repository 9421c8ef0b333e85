import type { Middleware } from 'koa';
import type { AppState } from './app-context.js';

/**
 * Headers every response carries, set after the handler so errors get them too:
 * - `X-Frame-Options: DENY` everywhere except the sidebar, which WeCom/DingTalk frame (its pages
 *   say who may frame them with CSP `frame-ancestors`; an XFO here would contradict it);
 * - `Cache-Control: no-store` on `/api`: answers carry customer data and tokens, and a shared
 *   cache or the WebView's back/forward cache must not keep them.
 */
export function securityHeaders(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      ctx.set('X-Content-Type-Options', 'nosniff');
      const sidebar = ctx.path === '/sidebar' || ctx.path.startsWith('/sidebar/');
      if (!sidebar) ctx.set('X-Frame-Options', 'DENY');
      const api = ctx.path === '/api' || ctx.path.startsWith('/api/');
      // A handler's stricter variant (`private, no-store`) stays; anything weaker is replaced.
      if (api && !/\bno-store\b/.test(ctx.response.get('Cache-Control'))) ctx.set('Cache-Control', 'no-store');
    }
  };
}
