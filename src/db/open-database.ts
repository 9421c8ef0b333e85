import path from 'node:path';
import type { Config } from '../config.js';
import { connectDatabase, disconnectDatabase } from './connect.js';
import { startMongoWireServer } from './mongo-wire-server.js';

export interface OpenDatabase {
  uri: string;
  /** Where the embedded server keeps its data; undefined when MONGODB_URI is used. */
  embeddedFile?: string;
  close(): Promise<void>;
}

/**
 * Connects mongoose to MONGODB_URI, or — when it is unset — starts the embedded MongoDB-wire
 * server on the data file in DATA_DIR first (one process at a time may open that file).
 */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  let stopEmbedded = async () => {};
  let uri = config.MONGODB_URI;
  let embeddedFile: string | undefined;
  if (!uri) {
    embeddedFile = path.join(config.dataDir, 'chatcrm.mv');
    const server = await startMongoWireServer({ file: embeddedFile });
    uri = server.uri;
    stopEmbedded = server.stop;
  }
  // A URI naming its database keeps it; otherwise the data goes to `chatcrm`.
  await connectDatabase(uri, /^mongodb(\+srv)?:\/\/[^/]+\/[^?]+/.test(uri) ? undefined : 'chatcrm');
  return {
    uri,
    embeddedFile,
    async close() {
      await disconnectDatabase();
      await stopEmbedded();
    },
  };
}
