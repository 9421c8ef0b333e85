import { createDecipheriv } from 'node:crypto';
import { decodeEncodingAesKey } from './aes-key.js';
import { WecomCallbackRejected } from './callback-rejected.js';

export interface DecryptedCallback {
  message: string;
  random: Buffer;
}

const BLOCK = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts an `Encrypt`/`echostr` value. Stricter than Tencent's libraries, which silently
 * skip a bad pad byte: every structural defect is a rejection, so tampered input never reaches
 * the parser.
 */
export function decryptCallback(encodingAesKey: string, encrypt: string, expectedReceiveId: string): DecryptedCallback {
  const { key, iv } = decodeEncodingAesKey(encodingAesKey);
  if (!BASE64.test(encrypt)) throw new WecomCallbackRejected('base64');
  const cipherText = Buffer.from(encrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) throw new WecomCallbackRejected('length');

  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    throw new WecomCallbackRejected('length');
  }

  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK) throw new WecomCallbackRejected('padding');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new WecomCallbackRejected('padding');
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) throw new WecomCallbackRejected('length');
  const messageLength = content.readUInt32BE(16);
  if (messageLength > content.length - 20) throw new WecomCallbackRejected('length');

  const receiveId = content.subarray(20 + messageLength);
  if (!receiveId.equals(Buffer.from(expectedReceiveId, 'utf8'))) throw new WecomCallbackRejected('receive_id');

  let message: string;
  try {
    message = utf8.decode(content.subarray(20, 20 + messageLength));
  } catch {
    throw new WecomCallbackRejected('encoding');
  }
  return { message, random: Buffer.from(content.subarray(0, 16)) };
}
