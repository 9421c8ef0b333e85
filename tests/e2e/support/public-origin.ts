import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import type Koa from 'koa';

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

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
