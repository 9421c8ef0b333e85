import mongoose from 'mongoose';

mongoose.set('strictQuery', true);

export async function connectDatabase(uri: string, dbName?: string): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    // The test server and small deployments do not need many sockets.
    maxPoolSize: 20,
    // Collections and indexes are created by prepareCollections, one model at a time (see there).
    autoIndex: false,
    autoCreate: false,
  });
  await prepareCollections();
  return mongoose;
}

/**
 * Creates the collections and indexes of every registered model, one model at a time. Mongoose's
 * automatic index builds run for all models at once, and the embedded server's H2 backend then
 * sometimes fails a concurrent write with "Unknown error: null" (seen at start-up). Idempotent:
 * call again after registering more models.
 */
export async function prepareCollections(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('prepareCollections needs a connected database');
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const model of Object.values(mongoose.models)) {
    if (!existing.has(model.collection.collectionName)) {
      await model.createCollection();
      existing.add(model.collection.collectionName);
    }
    await model.createIndexes();
  }
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
