import type { Server } from 'node:http';
import { buildService } from './app/build-service.js';
import { loadConfigOrExit } from './config.js';
import { openDatabase } from './db/open-database.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  if (config.jwtSecretGenerated) logger.warn('JWT_SECRET not set: using a random one for this process (tokens end with it)');

  if (!config.MONGODB_URI) logger.info('MONGODB_URI not set: starting the embedded MongoDB-wire server');
  const database = await openDatabase(config);
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
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => process.exit(1), 20_000);
    forceExit.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopBackground();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error('ChatCRM failed to start:', error);
  process.exit(1);
});
