import type { Server } from 'node:http';
import type Koa from 'koa';

/**
 * Serves an already-built Koa app on a known port too, so PUBLIC_BASE_URL (what OAuth returns to
 * and what the JS-SDK signs) can be configured before the app starts, as in production.
 */
export async function listenOn(app: Koa, port: number): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
