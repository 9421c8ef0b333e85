/**
 * Keys for sealing secrets at rest. One current key encrypts; every key (current and old) can
 * decrypt, so a key is rotated by making it current and listing the previous one as old until
 * everything sealed with it has been rewritten. Leaf module: imports nothing of ours.
 */
export interface SecretKey {
  /** Written into every sealed value, so opening needs no guessing; letters, digits, _ and -. */
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

export interface Keyring {
  readonly current: SecretKey;
  /** Every key that may open a value, current included, by id. */
  readonly byId: ReadonlyMap<string, Buffer>;
}

export class KeyringError extends Error {
  override name = 'KeyringError';
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
/** 32 bytes in base64 or base64url, padded or not. */
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

export function isValidKeyId(id: string): boolean {
  return KEY_ID.test(id);
}

/** A 32-byte key written as 64 hex characters or as base64; the error never repeats the value. */
export function parseSecretKey(text: string, label: string): Buffer {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64_KEY.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  throw new KeyringError(`${label} must be 32 bytes, written as base64 or 64 hex characters`);
}

export function createKeyring(current: SecretKey, old: readonly SecretKey[] = []): Keyring {
  const byId = new Map<string, Buffer>();
  for (const k of [current, ...old]) {
    if (!isValidKeyId(k.id)) throw new KeyringError(`secret key id "${k.id}" must be 1-32 letters, digits, _ or -`);
    if (k.key.length !== 32) throw new KeyringError(`secret key "${k.id}" must be 32 bytes`);
    if (byId.has(k.id)) throw new KeyringError(`secret key id "${k.id}" is listed twice`);
    byId.set(k.id, k.key);
  }
  return { current, byId };
}
