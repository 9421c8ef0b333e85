import type { Context } from 'koa';

/**
 * Answers with `Connection: close` and destroys the socket once the answer is written. For a
 * request whose body was left unread (a 413): on a keep-alive socket its remaining bytes would be
 * read as the next request, which the client then sees reset.
 */
export function closeAfterResponse(ctx: Context): void {
  ctx.set('Connection', 'close');
  ctx.res.once('finish', () => ctx.req.socket.destroy());
}
