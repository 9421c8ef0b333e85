import mongoose from 'mongoose';

mongoose.set('strictQuery', true);

export async function connectDatabase(uri: string, dbName?: string): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    // The test server and small deployments do not need many sockets.
    maxPoolSize: 20,
  });
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

export async function isDatabaseReachable(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}
