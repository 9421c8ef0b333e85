import { randomInt } from 'node:crypto';
import { decodeAesKey, openMessage, sealMessage, type OpenFailure } from '../shared/msg-crypt.js';
import { EventCryptoError, type EventCryptoReason } from './event-crypto-error.js';

/**
 * DingTalk event-callback cipher: the WeCom-style message crypto in shared/msg-crypt.ts, with a
 * 16-character alphanumeric random prefix (as DingTalk's samples use) and the owner key
 * (appKey / corpId / suiteKey) as the receive id.
 */
const RANDOM_BYTES = 16;
const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const REASONS: Record<OpenFailure, EventCryptoReason> = {
  base64: 'ciphertext_illegal',
  blocks: 'ciphertext_illegal',
  padding: 'padding_illegal',
  length: 'length_illegal',
  receive_id: 'owner_key_mismatch',
  encoding: 'plaintext_illegal',
};

/** The 43-character console `aes_key` → 32 raw key bytes. */
export function decodeEventAesKey(aesKey: string): Buffer {
  const key = decodeAesKey(aesKey);
  if (!key) throw new EventCryptoError('aes_key_illegal');
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
  return sealMessage(key, plaintext, ownerKey, prefix);
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
  const opened = openMessage(decodeEventAesKey(aesKey), encrypt, ownerKey);
  if (!opened.ok) throw new EventCryptoError(REASONS[opened.reason]);
  return { plaintext: opened.message, random: opened.random.toString('latin1') };
}
