import type { TestProject } from 'vitest/node';
import { startMongoWireServer, type MongoWireServer } from '../../src/db/mongo-wire-server.js';

let server: MongoWireServer | undefined;

/** One in-memory MongoDB-wire server per test run; each test file uses its own database. */
export async function setup(project: TestProject): Promise<void> {
  server = await startMongoWireServer();
  project.provide('mongoUri', server.uri);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}
