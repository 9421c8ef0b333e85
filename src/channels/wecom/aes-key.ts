import { ConfigError } from '../../config.js';
import { decodeAesKey } from '../shared/msg-crypt.js';

export interface AesKeyMaterial {
  key: Buffer;
  iv: Buffer;
}

/** EncodingAESKey (43 chars from the console) → AES-256 key; the IV is the key's first 16 bytes. */
export function decodeEncodingAesKey(encodingAesKey: string): AesKeyMaterial {
  const key = decodeAesKey(encodingAesKey);
  if (!key) throw new ConfigError('WECOM_AES_KEY must be the 43-character EncodingAESKey (letters and digits)');
  return { key, iv: key.subarray(0, 16) };
}
