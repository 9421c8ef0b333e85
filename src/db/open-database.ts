import path from 'node:path';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { connectDatabase, disconnectDatabase } from './connect.js';
import { DataDirInUseError, describeDataFileInUse, recordDataDirOwner, releaseDataDirOwner, runningEmbeddedMongoUri } from './data-dir-owner.js';
import { DataFileLockedError } from './mongo-wire-server.js';
import { superviseMongoWireServer } from './supervise-mongo-wire-server.js';

/** The database the embedded server's data goes to (and a URI without a database name). */
const DEFAULT_DB_NAME = 'chatcrm';

export interface OpenDatabase {
  uri: string;
  /** Where the embedded server keeps its data; undefined when MONGODB_URI is used. */
  embeddedFile?: string;
  /** The embedded server's current Java process id (it changes when it is restarted). */
  embeddedPid?: () => number;
  /** Set when a running service's embedded server was shared (shareRunningService): that service's pid. */
  sharedWithPid?: number;
  /** Disconnects mongoose, then stops the embedded server: call it after everything that writes has stopped. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  logger?: Logger;
  /** When the embedded server cannot be brought back. Default: exit(1), so a supervisor restarts the service. */
  onEmbeddedGiveUp?: (reason: string) => void;
  /**
   * For scripts: when MONGODB_URI is unset and a ChatCRM is running on DATA_DIR, connect to the
   * embedded server that service runs (it holds the data file) instead of failing on the file lock.
   */
  shareRunningService?: boolean;
}

/**
 * Connects mongoose to MONGODB_URI, or — when it is unset — starts the embedded MongoDB-wire
 * server on the data file in DATA_DIR first (one process at a time may open that file) and keeps
 * it running: it is restarted on the same port when it dies.
 */
export async function openDatabase(config: Config, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  let stopEmbedded = async () => {};
  let uri = config.MONGODB_URI;
  let embeddedFile: string | undefined;
  let embeddedPid: (() => number) | undefined;
  const shareRunning = async (): Promise<OpenDatabase | undefined> => {
    const running = !uri && options.shareRunningService ? runningEmbeddedMongoUri(config.dataDir) : undefined;
    if (!running) return undefined;
    await connectDatabase(running.uri, DEFAULT_DB_NAME);
    return { uri: running.uri, sharedWithPid: running.pid, close: () => disconnectDatabase() };
  };
  const shared = await shareRunning();
  if (shared) return shared;
  if (!uri) {
    const file = path.join(config.dataDir, 'chatcrm.mv');
    embeddedFile = file;
    let server: Awaited<ReturnType<typeof superviseMongoWireServer>>;
    try {
      server = await superviseMongoWireServer({ file, logger, onGiveUp: options.onEmbeddedGiveUp ?? (() => process.exit(1)) });
    } catch (error) {
      if (!(error instanceof DataFileLockedError)) throw error;
      // A service that was still starting a moment ago may have recorded its server by now.
      const sharedNow = await shareRunning();
      if (sharedNow) return sharedNow;
      throw new DataDirInUseError(describeDataFileInUse(config.dataDir, file));
    }
    recordDataDirOwner(config.dataDir, { pid: process.pid, port: config.PORT, mongoUri: server.uri });
    uri = server.uri;
    embeddedPid = server.pid;
    stopEmbedded = async () => {
      await server.stop();
      releaseDataDirOwner(config.dataDir);
    };
  }
  // A URI naming its database keeps it; otherwise the data goes to `chatcrm`.
  await connectDatabase(uri, /^mongodb(\+srv)?:\/\/[^/]+\/[^?]+/.test(uri) ? undefined : DEFAULT_DB_NAME);
  return {
    uri,
    embeddedFile,
    embeddedPid,
    async close() {
      await disconnectDatabase();
      await stopEmbedded();
    },
  };
}
