import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { connectDatabase } from '../../src/db/connect.js';

/** Connects mongoose to a fresh database on the run's MongoDB-wire server (one per test file). */
export async function useTestDatabase(): Promise<{ uri: string; dbName: string; drop(): Promise<void> }> {
  const uri = inject('mongoUri');
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  await connectDatabase(uri, dbName);
  return {
    uri,
    dbName,
    async drop() {
      await mongoose.connection.dropDatabase().catch(() => {});
      await mongoose.disconnect();
    },
  };
}
