import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { FeishuCallbackError } from './feishu-callback-error.js';

/** The AES-256 key Feishu derives from the console's Encrypt Key: its SHA-256 (32 raw bytes). */
export function feishuAesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey, 'utf8').digest();
}

/**
 * `{"encrypt": "<base64>"}` → plaintext: base64 → IV (first 16 bytes) ‖ AES-256-CBC ciphertext,
 * PKCS#7 padding (the Node SDK's utils/aes-cipher.ts). Throws {@link FeishuCallbackError} `bad_encrypt`.
 */
export function decryptFeishuEvent(encrypt: string, encryptKey: string): string {
  const buf = Buffer.from(encrypt, 'base64');
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) throw new FeishuCallbackError('bad_encrypt');
  try {
    const decipher = createDecipheriv('aes-256-cbc', feishuAesKey(encryptKey), buf.subarray(0, 16));
    const plain = Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new FeishuCallbackError('bad_encrypt');
  }
}

/** The inverse, as Feishu does it (used by the simulator and tests). */
export function encryptFeishuEvent(plain: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', feishuAesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}
