import mongoose from 'mongoose';
import { DURABLE_WRITE } from '../durable-write.js';
import { type BackupManifest, BackupArchiveError } from './backup-manifest.js';
import { readBackup, verifyBackup } from './read-backup.js';

type Db = mongoose.mongo.Db;

/** The target database holds data and the restore was not told to replace it. */
export class DatabaseNotEmptyError extends Error {
  override name = 'DatabaseNotEmptyError';
}

export interface RestoreOptions {
  /** Replace whatever the database holds. Without it a database with any document is refused. */
  force?: boolean;
  onProgress?: (progress: { collection: string; documents: number }) => void;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Documents per collection as counted in the database after the restore. */
  counts: Record<string, number>;
}

/**
 * Restores an archive written by writeBackup. The whole archive is verified (checksums, counts,
 * schema version) before anything is touched; then the database's collections are dropped (it is
 * empty, or `force` said to replace it) and each collection is inserted and its indexes rebuilt.
 * Finally every collection's count is checked against the manifest.
 */
export async function restoreBackup(db: Db, file: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const manifest = await verifyBackup(file);
  const existing = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((name) => !name.startsWith('system.'));
  if (!options.force) {
    const occupied: string[] = [];
    for (const name of existing) {
      const count = await db.collection(name).estimatedDocumentCount();
      if (count > 0) occupied.push(`${name}: ${count}`);
    }
    if (occupied.length > 0) {
      throw new DatabaseNotEmptyError(
        `the database ${db.databaseName} is not empty (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''}); ` +
          'restore into an empty database, or pass --force to replace what it holds',
      );
    }
  }
  for (const name of existing) await db.collection(name).drop();

  const inserted = new Map<string, number>();
  for (const collection of manifest.collections) await db.createCollection(collection.name);
  await readBackup(file, async (collection, documents) => {
    await db.collection(collection.name).insertMany(documents, { ordered: true, writeConcern: DURABLE_WRITE });
    const total = (inserted.get(collection.name) ?? 0) + documents.length;
    inserted.set(collection.name, total);
    options.onProgress?.({ collection: collection.name, documents: total });
  });
  for (const collection of manifest.collections) {
    for (const index of collection.indexes) {
      await db.collection(collection.name).createIndex(index.key as mongoose.mongo.IndexSpecification, { ...index.options, name: index.name });
    }
  }

  const counts: Record<string, number> = {};
  for (const collection of manifest.collections) {
    counts[collection.name] = await db.collection(collection.name).countDocuments();
    if (counts[collection.name] !== collection.count) {
      throw new BackupArchiveError(`after the restore ${collection.name} holds ${counts[collection.name]} documents, the archive ${collection.count}`);
    }
  }
  return { manifest, counts };
}
