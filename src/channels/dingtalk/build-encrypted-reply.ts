import { randomPrefix, encryptEventPayload } from './event-cipher.js';
import { computeEventSignature } from './event-signature.js';
import type { EventCallbackSecrets } from './open-event-callback.js';

/** The JSON DingTalk expects back from an event push; anything else counts as a failed delivery. */
export interface EncryptedReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export interface BuildEncryptedReplyOptions {
  plaintext?: string;
  /** Milliseconds, like DingTalk's Java sample; injectable for deterministic tests. */
  timeStamp?: string;
  nonce?: string;
  random?: string;
}

/** Encrypts `success` (by default) and signs it over the new timestamp/nonce/ciphertext. */
export function buildEncryptedReply(secrets: EventCallbackSecrets, options: BuildEncryptedReplyOptions = {}): EncryptedReply {
  const timeStamp = options.timeStamp ?? String(Date.now());
  const nonce = options.nonce ?? randomPrefix();
  const encrypt = encryptEventPayload({
    aesKey: secrets.aesKey,
    ownerKey: secrets.ownerKey,
    plaintext: options.plaintext ?? 'success',
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  return { msg_signature: computeEventSignature(secrets.token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}
