import path from 'node:path';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { connectDatabase, disconnectDatabase } from './connect.js';
import { DataDirInUseError, describeDataFileInUse, recordDataDirOwner, releaseDataDirOwner, runningEmbeddedServer } from './data-dir-owner.js';
import { DataFileLockedError } from './mongo-wire-server.js';
import { superviseMongoWireServer } from './supervise-mongo-wire-server.js';

export interface OpenDatabase {
  uri: string;
  /** Where the embedded server keeps its data; undefined when MONGODB_URI is used. */
  embeddedFile?: string;
  /** The embedded server's current Java process id (it changes when it is restarted). */
  embeddedPid?: () => number;
  /** Set when a command-line tool writes through the embedded server of the ChatCRM with this pid. */
  sharedWithPid?: number;
  /** Disconnects mongoose, then stops the embedded server: call it after everything that writes has stopped. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  logger?: Logger;
  /** When the embedded server cannot be brought back. Default: exit(1), so a supervisor restarts the service. */
  onEmbeddedGiveUp?: (reason: string) => void;
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
  if (!uri) {
    const file = path.join(config.dataDir, 'chatcrm.mv');
    embeddedFile = file;
    const server = await superviseMongoWireServer({
      file,
      logger,
      onGiveUp: options.onEmbeddedGiveUp ?? (() => process.exit(1)),
    }).catch((error: unknown) => {
      if (error instanceof DataFileLockedError) throw new DataDirInUseError(describeDataFileInUse(config.dataDir, file));
      throw error;
    });
    recordDataDirOwner(config.dataDir, { pid: process.pid, port: config.PORT, mongoUri: server.uri });
    uri = server.uri;
    embeddedPid = server.pid;
    stopEmbedded = async () => {
      await server.stop();
      releaseDataDirOwner(config.dataDir);
    };
  }
  // A URI naming its database keeps it; otherwise the data goes to `chatcrm`.
  await connectDatabase(uri, /^mongodb(\+srv)?:\/\/[^/]+\/[^?]+/.test(uri) ? undefined : 'chatcrm');
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

/**
 * For command-line tools (backup, restore, sync, seed…), which must work whether the service runs
 * or not: MONGODB_URI when set; else the embedded server of the ChatCRM running on DATA_DIR (its
 * address is recorded there), leaving that server running on close; else the data file itself,
 * opened as the service would.
 */
export async function openDatabaseForTool(config: Config, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const running = config.MONGODB_URI ? undefined : runningEmbeddedServer(config.dataDir);
  if (running) return shareRunningServer(running);
  try {
    return await openDatabase(config, options);
  } catch (error) {
    // A service that was still starting a moment ago holds the file now and may have recorded its server.
    const startedMeanwhile = error instanceof DataDirInUseError ? runningEmbeddedServer(config.dataDir) : undefined;
    if (startedMeanwhile) return shareRunningServer(startedMeanwhile);
    throw error;
  }
}

async function shareRunningServer(running: { uri: string; pid: number }): Promise<OpenDatabase> {
  await connectDatabase(running.uri, 'chatcrm');
  return { uri: running.uri, sharedWithPid: running.pid, close: () => disconnectDatabase() };
}
