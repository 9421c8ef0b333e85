import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createKeyring, isValidKeyId, KeyringError, parseSecretKey, type Keyring, type SecretKey } from './keyring.js';

export const DEV_KEY_FILE = 'secrets-dev.key';
export const DEV_KEY_ID = 'dev';

/**
 * The keyring from `SECRETS_KEY` (current), `SECRETS_KEY_ID` (default k1) and `SECRETS_OLD_KEYS`
 * (`id:key,id:key`, still opened, never used to seal). Without SECRETS_KEY, production refuses;
 * elsewhere a random key is created once in `<DATA_DIR>/secrets-dev.key` (mode 0600) so a dev
 * database stays readable across restarts and two data directories never share a key.
 * Takes the environment as data so callers without the app config (the token caches) can use it.
 */
export function keyringFromEnvironment(env: Readonly<Record<string, string | undefined>>): Keyring {
  const old = parseOldKeys(env.SECRETS_OLD_KEYS);
  const keyText = env.SECRETS_KEY?.trim();
  if (keyText) {
    const id = env.SECRETS_KEY_ID?.trim() || 'k1';
    return createKeyring({ id, key: parseSecretKey(keyText, 'SECRETS_KEY') }, old);
  }
  if (env.NODE_ENV === 'production') throw new KeyringError('SECRETS_KEY is required in production');
  return createKeyring({ id: DEV_KEY_ID, key: loadOrCreateDevKey(path.resolve(env.DATA_DIR?.trim() || './data')) }, old);
}

export function parseOldKeys(text: string | undefined): SecretKey[] {
  if (!text?.trim()) return [];
  return text.split(',').map((entry, i) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at).trim() : '';
    if (!isValidKeyId(id)) throw new KeyringError(`SECRETS_OLD_KEYS entry ${i + 1} must be <id>:<key>`);
    return { id, key: parseSecretKey(entry.slice(at + 1), `SECRETS_OLD_KEYS key "${id}"`) };
  });
}

function loadOrCreateDevKey(dataDir: string): Buffer {
  const file = path.join(dataDir, DEV_KEY_FILE);
  try {
    return parseSecretKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  // Written whole to a private temporary file, then linked into place: link fails if another process
  // got there first (we then use its key), and nobody ever reads a half-written key.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return parseSecretKey(readFileSync(file, 'utf8'), file);
}
