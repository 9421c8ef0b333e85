import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/**
 * AES-256-GCM, stored as `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64). The version lets the scheme
 * change later; the key id says which key of the keyring opens it. An optional context (e.g. the
 * document id and field) is authenticated but not stored: a sealed value copied to another place
 * does not open there.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealOptions {
  context?: string;
}

/** A sealed value that cannot be opened: wrong format, unknown key, or tampered. Never carries the value. */
export class SecretRefused extends Error {
  override name = 'SecretRefused';
  constructor(readonly reason: 'format' | 'unknown_key' | 'tampered') {
    super(`sealed secret refused (${reason})`);
  }
}

export function sealSecret(plaintext: string, keyring: Keyring, options: SealOptions = {}): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  if (options.context !== undefined) cipher.setAAD(Buffer.from(options.context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyring.current.id, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

export function openSecret(sealed: string, keyring: Keyring, options: SealOptions = {}): string {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretRefused('format');
  const [, keyId, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
  const key = keyring.byId.get(keyId);
  if (!key) throw new SecretRefused('unknown_key');
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretRefused('format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    if (options.context !== undefined) decipher.setAAD(Buffer.from(options.context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretRefused('tampered');
  }
}

/** Which key sealed a value (for re-sealing after a rotation); null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(':');
  return parts.length === 5 && parts[0] === VERSION ? parts[1]! : null;
}
