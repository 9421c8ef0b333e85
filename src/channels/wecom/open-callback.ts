import { isTimestampFresh } from '../shared/is-timestamp-fresh.js';
import { WecomCallbackRejected, type CallbackRejectReason } from './callback-rejected.js';
import { msgSignatureMatches, openMessage, type OpenFailure } from '../shared/msg-crypt.js';
import { decodeEncodingAesKey } from './aes-key.js';

export interface CallbackCredentials {
  token: string;
  encodingAesKey: string;
  /** CorpID for a self-built app; '' for robots. */
  receiveId: string;
}

export interface SignedCiphertext {
  signature: string;
  timestamp: string;
  nonce: string;
  /** `echostr` for URL verification, the `<Encrypt>` text for messages. */
  encrypt: string;
}

export interface OpenCallbackOptions {
  /** Refuse a signed timestamp (seconds) further than this from now; omitted → any age. */
  maxSkewSeconds?: number;
  nowMs?: number;
}

/**
 * Verifies the signature first (cheap, and no decryption of unauthenticated bytes), then the
 * timestamp's freshness when asked, then decrypts strictly. Returns the plaintext message;
 * throws WecomCallbackRejected otherwise.
 */
export function openCallback(credentials: CallbackCredentials, input: SignedCiphertext, options: OpenCallbackOptions = {}): string {
  // Frameworks that decode `+` in a query string as a space would otherwise break echostr.
  const encrypt = input.encrypt.replace(/ /g, '+');
  if (!msgSignatureMatches(input.signature, credentials.token, input.timestamp, input.nonce, encrypt)) {
    throw new WecomCallbackRejected('signature');
  }
  if (
    options.maxSkewSeconds !== undefined &&
    !isTimestampFresh(input.timestamp, { unit: 'seconds', maxSkewSeconds: options.maxSkewSeconds, nowMs: options.nowMs ?? Date.now() })
  ) {
    throw new WecomCallbackRejected('stale_timestamp');
  }
  return decryptCallback(credentials.encodingAesKey, encrypt, credentials.receiveId).message;
}

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
