import { openMessage, type OpenFailure } from '../shared/msg-crypt.js';
import { decodeEncodingAesKey } from './aes-key.js';
import { WecomCallbackRejected, type CallbackRejectReason } from './callback-rejected.js';

export interface DecryptedCallback {
  message: string;
  random: Buffer;
}

const REASONS: Record<OpenFailure, CallbackRejectReason> = {
  base64: 'base64',
  blocks: 'length',
  padding: 'padding',
  length: 'length',
  receive_id: 'receive_id',
  encoding: 'encoding',
};

/**
 * Decrypts an `Encrypt`/`echostr` value. Stricter than Tencent's libraries, which silently
 * skip a bad pad byte: every structural defect is a rejection, so tampered input never reaches
 * the parser.
 */
export function decryptCallback(encodingAesKey: string, encrypt: string, expectedReceiveId: string): DecryptedCallback {
  const opened = openMessage(decodeEncodingAesKey(encodingAesKey).key, encrypt, expectedReceiveId);
  if (!opened.ok) throw new WecomCallbackRejected(REASONS[opened.reason]);
  return { message: opened.message, random: opened.random };
}
