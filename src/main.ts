import type { Server } from 'node:http';
import { buildService } from './app/build-service.js';
import { loadConfigOrExit } from './config.js';
import { DataDirInUseError } from './db/data-dir-owner.js';
import { openDatabase } from './db/open-database.js';
import { createLogger } from './logger.js';

/** Requests still running when a stop begins get this long before their sockets are closed. */
const REQUEST_GRACE_MS = 5_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  if (config.jwtSecretGenerated) logger.warn('JWT_SECRET not set: using a random one for this process (tokens end with it)');

  if (!config.MONGODB_URI) logger.info('MONGODB_URI not set: starting the embedded MongoDB-wire server');
  const database = await openDatabase(config, { logger });
  if (database.embeddedFile) {
    console.log(`ChatCRM data lives in ${database.embeddedFile} (embedded MongoDB-wire server at ${database.uri})`);
  }

  const service = await buildService(config, logger);
  const stopBackground = config.WORKERS_ENABLED ? await service.startBackground() : async () => {};
  const server: Server = service.app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  logger.info({ port: config.PORT }, 'ChatCRM listening');
  console.log(`ChatCRM is up: ${config.PUBLIC_BASE_URL} (health: /healthz, ready: /readyz)`);

  let stopping = false;
  // Order matters: nothing may write after the database is gone, and nothing may be acknowledged
  // that cannot be written. So: stop taking requests, let the workers finish or release what they
  // claimed, disconnect, and only then stop the embedded server (it is in its own process group, so
  // a Ctrl-C or a group SIGTERM does not stop it before this point).
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => process.exit(1), 20_000);
    forceExit.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would hold server.close() open; a request in flight makes its socket
    // idle when it ends, hence the repeat.
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    const grace = setTimeout(() => server.closeAllConnections(), REQUEST_GRACE_MS);
    await closed;
    clearInterval(idleSweep);
    clearTimeout(grace);
    await stopBackground();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // A second instance on the same data: one sentence saying who holds it, no stack trace.
  if (error instanceof DataDirInUseError) console.error(error.message);
  else console.error('ChatCRM failed to start:', error);
  process.exit(1);
});
