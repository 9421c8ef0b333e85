/** MongoDB's duplicate-key error code: a unique index refused the write. */
const DUPLICATE_KEY = 11000;

/**
 * True when a write failed because a unique index already holds the key: the signal that an
 * idempotent insert (a dedupe key, a lease, a once-marker) lost a race or was repeated.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}
