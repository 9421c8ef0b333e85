import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import mongoose from 'mongoose';
import tar from 'tar-stream';
import { SCHEMA_VERSION } from '../schema-version.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackedUpCollection,
  type BackedUpIndex,
  type BackupManifest,
  collectionEntryName,
  MANIFEST_ENTRY,
} from './backup-manifest.js';

type Db = mongoose.mongo.Db;
const { EJSON } = mongoose.mongo.BSON;

/** Lines are handed to gzip in chunks of about this size rather than one write per document. */
const CHUNK_CHARS = 64 * 1024;

export interface BackupProgress {
  collection: string;
  documents: number;
}

export interface WriteBackupOptions {
  now?: Date;
  onProgress?: (progress: BackupProgress) => void;
}

/**
 * Writes every collection of `db` into one tar archive at `file`: a manifest (counts, SHA-256 of
 * each entry, indexes, the schema version) followed by one gzip file of canonical extended-JSON
 * lines per collection, so dates, ObjectIds and 64-bit integers come back as the same types. The
 * archive appears under its name only once it is complete and on disk (written beside, synced,
 * renamed). Collections are read one after the other, not as of one instant: writes made during a
 * backup may be in it or not.
 */
export async function writeBackup(db: Db, file: string, options: WriteBackupOptions = {}): Promise<BackupManifest> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'chatcrm-backup-'));
  try {
    const names = (await db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((name) => !name.startsWith('system.'))
      .sort();
    const collections: BackedUpCollection[] = [];
    for (const name of names) collections.push(await dumpCollection(db, name, workDir, options.onProgress));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion: SCHEMA_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      database: db.databaseName,
      collections,
    };
    await packArchive(file, manifest, workDir);
    return manifest;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function dumpCollection(
  db: Db,
  name: string,
  workDir: string,
  onProgress: WriteBackupOptions['onProgress'],
): Promise<BackedUpCollection> {
  const collection = db.collection(name);
  const indexes = (await collection.listIndexes().toArray()).filter((index) => index.name !== '_id_').map(toBackedUpIndex);
  const entry = collectionEntryName(name);
  const hash = createHash('sha256');
  let bytes = 0;
  let count = 0;
  const cursor = collection.find({}, { sort: { _id: 1 } });
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for await (const doc of cursor) {
      chunk += `${EJSON.stringify(doc, { relaxed: false })}\n`;
      count += 1;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        onProgress?.({ collection: name, documents: count });
      }
    }
    if (chunk) yield chunk;
  }
  const measure = new Transform({
    transform(data: Buffer, _encoding, done) {
      hash.update(data);
      bytes += data.length;
      done(null, data);
    },
  });
  await pipeline(Readable.from(lines()), createGzip(), measure, createWriteStream(path.join(workDir, entry)));
  onProgress?.({ collection: name, documents: count });
  return { name, entry, count, bytes, sha256: hash.digest('hex'), indexes };
}

function toBackedUpIndex(index: mongoose.mongo.Document): BackedUpIndex {
  const { v: _v, key, name, ns: _ns, background: _background, ...options } = index;
  return { name: String(name), key: key as BackedUpIndex['key'], options };
}

async function packArchive(file: string, manifest: BackupManifest, workDir: string): Promise<void> {
  const partial = `${file}.partial`;
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(partial));
  try {
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await addEntry(pack, { name: MANIFEST_ENTRY, size: manifestBytes.length }, Readable.from([manifestBytes]));
    for (const collection of manifest.collections) {
      await addEntry(pack, { name: collection.entry, size: collection.bytes }, createReadStream(path.join(workDir, collection.entry)));
    }
    pack.finalize();
    await written;
    await syncAndRename(partial, file);
  } catch (error) {
    pack.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

function addEntry(pack: tar.Pack, header: { name: string; size: number }, source: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    source.on('error', reject);
    source.pipe(entry);
  });
}

async function syncAndRename(partial: string, file: string): Promise<void> {
  const handle = await open(partial, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, file);
  const dir = await open(path.dirname(path.resolve(file)), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
