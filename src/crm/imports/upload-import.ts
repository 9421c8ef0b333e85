import type { Readable } from 'node:stream';
import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { requireImportAdmin } from './find-import.js';
import { deleteImportFile, openImportFile, storeImportFile } from './import-files.js';
import { ImportJob, type ImportJobDoc } from './import-job-model.js';
import type { ImportKind } from './import-kinds.js';
import { completeMapping } from './import-mapping.js';
import { sniffSheet } from './read-import-rows.js';
import { readTable } from './read-table.js';
import { findSavedMapping } from './saved-mappings.js';
import { suggestMappingForKind } from './suggest-kind-mapping.js';

export interface UploadInput {
  name: string;
  body: Readable;
  maxBytes: number;
  /** A saved mapping to start from (its columns that the file has); the rest is matched automatically. */
  savedMapping?: string;
  /** What the file holds (default customers); decides the columns it is matched against. */
  kind?: ImportKind;
}

/**
 * Stores an uploaded CSV/XLSX, finds its header row and proposes a column mapping. A file that is
 * too large, empty, not a spreadsheet or has no header is refused and nothing of it is kept.
 */
export async function uploadImport(actor: Actor, input: UploadInput): Promise<ImportJobDoc> {
  requireImportAdmin(actor);
  const saved = input.savedMapping ? await findSavedMapping(actor, input.savedMapping) : undefined;
  const stored = await storeImportFile(actor.tenantId, input.name, input.body, input.maxBytes);
  try {
    const source = await openImportFile(actor.tenantId, stored.fileId);
    const info = await sniffSheet(source);
    const table = await readTable(source, info);
    await table.rows.return(undefined);
    const id = new Types.ObjectId();
    return await ImportJob.create({
      _id: id,
      tenantId: actor.tenantId,
      createdBy: actor.staffId,
      actorName: actor.name ?? 'import',
      kind: input.kind ?? 'customers',
      fileName: input.name.slice(0, 200),
      fileId: stored.fileId,
      fileSize: stored.size,
      fileSha256: stored.sha256,
      format: info.format,
      encoding: info.encoding,
      headerRow: table.headerRow,
      labels: table.labels,
      mapping: input.kind && input.kind !== 'customers' ? { ...suggestMappingForKind(input.kind, table.labels), ...pick(saved, table.labels) } : completeMapping(table.labels, saved),
      choices: {},
      status: 'uploaded',
      batchId: `upload:${id.toHexString()}`,
    });
  } catch (error) {
    await deleteImportFile(stored.fileId);
    throw error;
  }
}

/** A saved mapping's entries for the columns this file has. */
function pick(saved: Record<string, string> | undefined, labels: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(saved ?? {}).filter(([label]) => labels.includes(label)));
}
