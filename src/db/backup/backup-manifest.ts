import { z } from 'zod';

export const BACKUP_FORMAT = 'chatcrm-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** The archive's first entry; the collections follow as `<name>.jsonl.gz`. */
export const MANIFEST_ENTRY = 'manifest.json';

const indexSchema = z.object({
  name: z.string(),
  key: z.record(z.string(), z.union([z.number(), z.string()])),
  options: z.record(z.string(), z.unknown()),
});

const collectionSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a collection name'),
  entry: z.string(),
  count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  indexes: z.array(indexSchema),
});

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  database: z.string(),
  collections: z.array(collectionSchema),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackedUpCollection = z.infer<typeof collectionSchema>;
export type BackedUpIndex = z.infer<typeof indexSchema>;

export function collectionEntryName(collection: string): string {
  return `${collection}.jsonl.gz`;
}

/** Why an archive cannot be restored, in one sentence for the person running the restore. */
export class BackupArchiveError extends Error {
  override name = 'BackupArchiveError';
}
