import { ConfigError } from '../../config.js';

export interface AesKeyMaterial {
  key: Buffer;
  iv: Buffer;
}

const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;

/** EncodingAESKey (43 chars from the console) → AES-256 key; the IV is the key's first 16 bytes. */
export function decodeEncodingAesKey(encodingAesKey: string): AesKeyMaterial {
  if (!ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new ConfigError('WECOM_AES_KEY must be the 43-character EncodingAESKey (letters and digits)');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new ConfigError('WECOM_AES_KEY does not decode to a 32-byte AES key');
  return { key, iv: key.subarray(0, 16) };
}
