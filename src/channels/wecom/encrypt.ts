import { sealMessage } from '../shared/msg-crypt.js';
import { decodeEncodingAesKey } from './aes-key.js';

/**
 * Encrypts a callback payload (layout in shared/msg-crypt.ts).
 * Pass `random` (16 bytes) for deterministic output in tests.
 */
export function encryptCallback(encodingAesKey: string, message: string, receiveId: string, random?: Buffer): string {
  return sealMessage(decodeEncodingAesKey(encodingAesKey).key, message, receiveId, random);
}
