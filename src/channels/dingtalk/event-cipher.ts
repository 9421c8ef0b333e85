import { createCipheriv, createDecipheriv, randomInt } from 'node:crypto';
import { EventCryptoError } from './event-crypto-error.js';

/**
 * DingTalk event-callback cipher: AES-256-CBC, IV = first 16 key bytes, and a PKCS#7-style
 * padding to 32-byte blocks (Node's automatic padding is 16-byte and rejects pad values > 16,
 * so it is switched off and done here). Plaintext layout:
 * random(16 ASCII bytes) ‖ uint32_be(byte length of msg) ‖ msg (UTF-8) ‖ ownerKey ‖ padding.
 */
const BLOCK = 32;
const RANDOM_BYTES = 16;
const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The 43-character console `aes_key` → 32 raw key bytes. */
export function decodeEventAesKey(aesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) throw new EventCryptoError('aes_key_illegal');
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (key.length !== 32) throw new EventCryptoError('aes_key_illegal');
  return key;
}

export function randomPrefix(): string {
  let out = '';
  for (let i = 0; i < RANDOM_BYTES; i++) out += RANDOM_ALPHABET[randomInt(RANDOM_ALPHABET.length)];
  return out;
}

export interface EncryptEventInput {
  aesKey: string;
  ownerKey: string;
  plaintext: string;
  /** 16 ASCII characters; given → deterministic output (tests, vectors). */
  random?: string;
}

export function encryptEventPayload({ aesKey, ownerKey, plaintext, random = randomPrefix() }: EncryptEventInput): string {
  const key = decodeEventAesKey(aesKey);
  const prefix = Buffer.from(random, 'utf8');
  if (prefix.length !== RANDOM_BYTES) throw new EventCryptoError('plaintext_illegal');
  const msg = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([prefix, length, msg, Buffer.from(ownerKey, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export interface DecryptEventInput {
  aesKey: string;
  ownerKey: string;
  encrypt: string;
}

export interface DecryptedEvent {
  plaintext: string;
  random: string;
}

export function decryptEventPayload({ aesKey, ownerKey, encrypt }: DecryptEventInput): DecryptedEvent {
  const key = decodeEventAesKey(aesKey);
  if (encrypt.length === 0 || !BASE64.test(encrypt)) throw new EventCryptoError('ciphertext_illegal');
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % BLOCK !== 0) throw new EventCryptoError('ciphertext_illegal');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);

  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK) throw new EventCryptoError('padding_illegal');
  for (let i = padded.length - pad; i < padded.length; i++) {
    if (padded[i] !== pad) throw new EventCryptoError('padding_illegal');
  }
  const body = padded.subarray(0, padded.length - pad);
  if (body.length < RANDOM_BYTES + 4) throw new EventCryptoError('length_illegal');
  const msgLength = body.readUInt32BE(RANDOM_BYTES);
  const msgStart = RANDOM_BYTES + 4;
  if (msgLength > body.length - msgStart) throw new EventCryptoError('length_illegal');
  const owner = body.subarray(msgStart + msgLength);
  if (!owner.equals(Buffer.from(ownerKey, 'utf8'))) throw new EventCryptoError('owner_key_mismatch');

  let plaintext: string;
  try {
    plaintext = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(msgStart, msgStart + msgLength));
  } catch {
    throw new EventCryptoError('plaintext_illegal');
  }
  return { plaintext, random: body.subarray(0, RANDOM_BYTES).toString('latin1') };
}
