import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import mongoose from 'mongoose';
import tar from 'tar-stream';
import { SCHEMA_VERSION } from '../schema-version.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackedUpCollection,
  BackupArchiveError,
  type BackupManifest,
  backupManifestSchema,
  MANIFEST_ENTRY,
} from './backup-manifest.js';

const { EJSON } = mongoose.mongo.BSON;
type Document = mongoose.mongo.Document;

/** Called with each collection's documents in batches, in archive order. */
export type DocumentSink = (collection: BackedUpCollection, documents: Document[]) => Promise<void>;

const BATCH = 1_000;

/**
 * Reads the whole archive once and checks it: a manifest this code understands, every collection
 * entry present once with the manifest's size and SHA-256, decompressing to as many extended-JSON
 * documents as counted. Nothing is written anywhere; the manifest is returned when all is well.
 */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  return readBackup(file);
}

/** Reads the archive, handing every document to `sink`; throws BackupArchiveError on anything damaged. */
export async function readBackup(file: string, sink?: DocumentSink): Promise<BackupManifest> {
  const extract = tar.extract();
  const reading = pipeline(createReadStream(file), extract).catch((error: unknown) => {
    throw damaged(file, error);
  });
  let manifest: BackupManifest | undefined;
  const seen = new Set<string>();
  try {
    for await (const entry of extract) {
      if (!manifest) {
        if (entry.header.name !== MANIFEST_ENTRY) throw new BackupArchiveError(`${file} is not a ChatCRM backup: it does not start with ${MANIFEST_ENTRY}`);
        manifest = parseManifest(file, await readAll(entry as AsyncIterable<Buffer>));
        continue;
      }
      const collection = manifest.collections.find((c) => c.entry === entry.header.name);
      if (!collection) throw new BackupArchiveError(`${file} is damaged: ${entry.header.name} is not listed in its manifest`);
      if (seen.has(collection.entry)) throw new BackupArchiveError(`${file} is damaged: ${collection.entry} appears twice`);
      seen.add(collection.entry);
      await readCollection(file, collection, entry as AsyncIterable<Buffer>, sink);
    }
    await reading;
  } catch (error) {
    extract.destroy();
    await reading.catch(() => undefined);
    throw error instanceof BackupArchiveError ? error : damaged(file, error);
  }
  if (!manifest) throw new BackupArchiveError(`${file} is not a ChatCRM backup: it is empty`);
  const missing = manifest.collections.filter((c) => !seen.has(c.entry)).map((c) => c.name);
  if (missing.length > 0) throw new BackupArchiveError(`${file} is damaged: it lacks ${missing.join(', ')} (cut short?)`);
  return manifest;
}

function parseManifest(file: string, bytes: Buffer): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupArchiveError(`${file} is damaged: its manifest is not JSON`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT) throw new BackupArchiveError(`${file} is not a ChatCRM backup (format ${JSON.stringify(format)})`);
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupArchiveError(`${file} is damaged: manifest field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const manifest = parsed.data;
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION || manifest.schemaVersion > SCHEMA_VERSION) {
    throw new BackupArchiveError(
      `${file} was written by a newer ChatCRM (schema ${manifest.schemaVersion}, archive format ${manifest.formatVersion}; ` +
        `this one knows schema ${SCHEMA_VERSION}, format ${BACKUP_FORMAT_VERSION}): restore it with that version or newer`,
    );
  }
  return manifest;
}

async function readCollection(file: string, collection: BackedUpCollection, entry: AsyncIterable<Buffer>, sink: DocumentSink | undefined): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(data: Buffer, _encoding, done) {
      hash.update(data);
      bytes += data.length;
      done(null, data);
    },
  });
  const gunzip = createGunzip();
  const flowing = pipeline(entry, measure, gunzip);
  let count = 0;
  let batch: Document[] = [];
  try {
    for await (const line of createInterface({ input: gunzip, crlfDelay: Infinity })) {
      if (line === '') continue;
      count += 1;
      let doc: Document;
      try {
        doc = EJSON.parse(line, { relaxed: false }) as Document;
      } catch {
        throw new BackupArchiveError(`${file} is damaged: document ${count} of ${collection.name} is not extended JSON`);
      }
      if (sink) {
        batch.push(doc);
        if (batch.length >= BATCH) {
          await sink(collection, batch);
          batch = [];
        }
      }
    }
    await flowing;
  } catch (error) {
    await flowing.catch(() => undefined);
    if (error instanceof BackupArchiveError) throw error;
    throw new BackupArchiveError(`${file} is damaged: ${collection.entry} does not decompress (${(error as Error).message})`);
  }
  const sha256 = hash.digest('hex');
  if (bytes !== collection.bytes || sha256 !== collection.sha256) {
    throw new BackupArchiveError(`${file} is damaged: the checksum of ${collection.entry} does not match its manifest`);
  }
  if (count !== collection.count) {
    throw new BackupArchiveError(`${file} is damaged: ${collection.name} holds ${count} documents, its manifest says ${collection.count}`);
  }
  if (sink && batch.length > 0) await sink(collection, batch);
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function damaged(file: string, error: unknown): BackupArchiveError {
  if (error instanceof BackupArchiveError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BackupArchiveError(`${file} does not exist`);
  return new BackupArchiveError(`${file} is not a readable ChatCRM backup (${(error as Error).message})`);
}
