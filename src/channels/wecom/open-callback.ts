import { isTimestampFresh } from '../shared/is-timestamp-fresh.js';
import { WecomCallbackRejected } from './callback-rejected.js';
import { decryptCallback } from './decrypt.js';
import { isSignatureValid } from './sign.js';

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
  if (!isSignatureValid(input.signature, credentials.token, input.timestamp, input.nonce, encrypt)) {
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
