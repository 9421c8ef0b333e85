import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../secrets/constant-time-equal.js';

/**
 * The callback message crypto WeCom (WXBizMsgCrypt) and DingTalk (DingCallbackCrypto) share:
 * AES-256-CBC with IV = the key's first 16 bytes; plaintext
 * random(16) ‖ uint32be(byte length of msg) ‖ msg (UTF-8) ‖ receiveId, PKCS#7-padded to
 * 32-byte blocks (Node's automatic padding is 16-byte and refuses pad values > 16, so it is
 * switched off and done here); signature = hex SHA-1 over the four sorted strings.
 * Each channel maps {@link OpenFailure} to its own typed error.
 */
const BLOCK = 32;
const RANDOM_BYTES = 16;
const HEADER_BYTES = RANDOM_BYTES + 4;
/** Both consoles issue 43 characters from a-z, A-Z, 0-9 (config validation says the same). */
const AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The 43-character console key → the 32-byte AES key, or null when it is not one. */
export function decodeAesKey(aesKey: string): Buffer | null {
  if (!AES_KEY.test(aesKey)) return null;
  const key = Buffer.from(`${aesKey}=`, 'base64');
  return key.length === 32 ? key : null;
}

/** Encrypts `message` for `receiveId`; `random` (16 bytes) makes the output deterministic. */
export function sealMessage(key: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(RANDOM_BYTES)): string {
  if (random.length !== RANDOM_BYTES) throw new RangeError('random must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([random, length, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/**
 * Why a ciphertext did not open: `base64` not canonical base64; `blocks` not a whole number of
 * 32-byte blocks; `padding` pad bytes not 1..32 identical values; `length` plaintext shorter
 * than its header or length prefix; `receive_id` addressed to someone else; `encoding` message
 * not valid UTF-8.
 */
export type OpenFailure = 'base64' | 'blocks' | 'padding' | 'length' | 'receive_id' | 'encoding';

export type OpenResult = { ok: true; message: string; random: Buffer } | { ok: false; reason: OpenFailure };

/**
 * Decrypts strictly. Stricter than the platforms' libraries, which skip a bad pad byte: every
 * structural defect is a failure, so tampered input never reaches a parser.
 */
export function openMessage(key: Buffer, encrypt: string, expectedReceiveId: string): OpenResult {
  if (!BASE64.test(encrypt)) return { ok: false, reason: 'base64' };
  const cipherText = Buffer.from(encrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) return { ok: false, reason: 'blocks' };

  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    return { ok: false, reason: 'blocks' };
  }

  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK) return { ok: false, reason: 'padding' };
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) return { ok: false, reason: 'padding' };
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < HEADER_BYTES) return { ok: false, reason: 'length' };
  const messageLength = content.readUInt32BE(RANDOM_BYTES);
  if (messageLength > content.length - HEADER_BYTES) return { ok: false, reason: 'length' };

  const receiveId = content.subarray(HEADER_BYTES + messageLength);
  if (!receiveId.equals(Buffer.from(expectedReceiveId, 'utf8'))) return { ok: false, reason: 'receive_id' };

  let message: string;
  try {
    message = utf8.decode(content.subarray(HEADER_BYTES, HEADER_BYTES + messageLength));
  } catch {
    return { ok: false, reason: 'encoding' };
  }
  return { ok: true, message, random: Buffer.from(content.subarray(0, RANDOM_BYTES)) };
}

/**
 * hex(SHA-1) over token, timestamp, nonce and ciphertext sorted and joined without separator.
 * Sorted in UTF-8 byte order. Both platforms' official libraries sort the four strings, which are
 * ASCII in practice, and for ASCII byte order is the same as JS's default string order.
 */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const parts = [token, timestamp, nonce, encrypt].map((s) => Buffer.from(s, 'utf8'));
  parts.sort(Buffer.compare);
  return createHash('sha1').update(Buffer.concat(parts)).digest('hex');
}

/** Constant-time check of a received signature; hex is compared case-insensitively. */
export function msgSignatureMatches(given: string, token: string, timestamp: string, nonce: string, encrypt: string): boolean {
  return constantTimeEqual(given.toLowerCase(), msgSignature(token, timestamp, nonce, encrypt));
}
