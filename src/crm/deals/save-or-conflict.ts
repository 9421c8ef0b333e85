
import { Conflict } from '../../errors.js';

function isDuplicateKey(error: unknown, field: string): boolean {
  const e = error as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  return e?.code === 11000 && (e.keyPattern ? field in e.keyPattern : e.message?.includes(`${field}_1`) === true);
}

/**
 * Saves a document under optimistic concurrency: if someone else saved it since it was read, the
 * save matches nothing and this is a 409 (nothing written). `unique` names the field a duplicate-key
 * error means (e.g. skuKey → "sku already exists").
 */
export async function saveOrConflict<D extends { save(): Promise<unknown> }>(doc: D, unique?: { key: string; message: string; field: string }): Promise<D> {
  try {
    await doc.save();
    return doc;
  } catch (error) {
    if ((error as { name?: string }).name === 'VersionError') {
      throw new Conflict('version: changed by someone else since you read it; reload and try again', [{ path: 'version', message: 'stale' }]);
    }
    if (unique && isDuplicateKey(error, unique.key)) throw new Conflict(`${unique.field}: ${unique.message}`, [{ path: unique.field, message: unique.message }]);
    throw error;
  }
}
