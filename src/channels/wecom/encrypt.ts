import { createCipheriv, randomBytes } from 'node:crypto';
import { decodeEncodingAesKey } from './aes-key.js';

const BLOCK = 32;

/**
 * random(16) ‖ uint32be(len) ‖ msg ‖ receiveId, PKCS#7-padded to 32-byte blocks, AES-256-CBC.
 * Pass `random` (16 bytes) for deterministic output in tests.
 */
export function encryptCallback(encodingAesKey: string, message: string, receiveId: string, random?: Buffer): string {
  const { key, iv } = decodeEncodingAesKey(encodingAesKey);
  const prefix = random ?? randomBytes(16);
  if (prefix.length !== 16) throw new RangeError('random must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([prefix, length, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}
