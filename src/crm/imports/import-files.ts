import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import { NotFound, TooLarge } from '../../errors.js';
import type { ImportSource } from './import-source.js';

const BUCKET = 'import_files';

function bucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('imports need a connected database');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
}

export interface StoredFile {
  fileId: Types.ObjectId;
  size: number;
  sha256: string;
}

/**
 * Streams an upload into GridFS (so any instance can read it, also after a restart), hashing it on
 * the way. Past `maxBytes` the upload stops, what was stored is removed, and TooLarge (413) says
 * the limit. Nothing of a refused file stays behind.
 */
export async function storeImportFile(tenantId: Types.ObjectId, name: string, input: Readable, maxBytes: number): Promise<StoredFile> {
  const fileId = new Types.ObjectId();
  const upload = bucket().openUploadStreamWithId(fileId, name.slice(0, 200), { metadata: { tenantId } });
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of input) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) throw fileTooLarge(maxBytes);
      hash.update(buffer);
      if (!upload.write(buffer)) await new Promise<void>((resolve) => upload.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) => {
      upload.once('error', reject);
      upload.end(() => resolve());
    });
  } catch (error) {
    await upload.abort().catch(() => {});
    await deleteImportFile(fileId);
    input.resume();
    throw error;
  }
  return { fileId, size, sha256: hash.digest('hex') };
}

/** Reads a stored upload back (any number of times). */
export async function openImportFile(tenantId: Types.ObjectId, fileId: Types.ObjectId): Promise<ImportSource> {
  const files = await bucket().find({ _id: fileId, 'metadata.tenantId': tenantId }).toArray();
  const file = files[0];
  if (!file) throw new NotFound('import file');
  return {
    name: file.filename,
    size: file.length,
    open: (range) => bucket().openDownloadStream(fileId, range ? { start: 0, end: Math.min(range.end + 1, file.length) } : {}),
  };
}

export async function deleteImportFile(fileId: Types.ObjectId): Promise<void> {
  await bucket()
    .delete(fileId)
    .catch(() => {});
}

/** The 413 of an upload over the limit, naming the limit. */
export function fileTooLarge(maxBytes: number): TooLarge {
  return new TooLarge(`file: larger than the import limit of ${formatBytes(maxBytes)}; split it into smaller files`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
