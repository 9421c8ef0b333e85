import { z } from 'zod';
import { decryptEventPayload } from './event-cipher.js';
import { EventCryptoError } from './event-crypto-error.js';
import { eventSignatureMatches } from './event-signature.js';

export interface EventCallbackSecrets {
  token: string;
  aesKey: string;
  /** appKey for an internal app's event subscription (corpId / suiteKey in other set-ups). */
  ownerKey: string;
}

type QueryValue = string | string[] | undefined;

const bodySchema = z.object({ encrypt: z.string().min(1) });

function first(value: QueryValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The signed timestamp (milliseconds), under either spelling. */
export function signedTimestampOf(query: Record<string, QueryValue>): string | undefined {
  return first(query.timeStamp) ?? first(query.timestamp);
}

/**
 * Verifies and decrypts an event-subscription push. DingTalk has sent the query under two
 * spellings over time (`signature`/`msg_signature`, `timestamp`/`timeStamp`); both are accepted.
 * Returns the decrypted plaintext (a JSON string) or throws {@link EventCryptoError}.
 */
export function openEventCallback(
  query: Record<string, QueryValue>,
  body: unknown,
  secrets: EventCallbackSecrets,
): string {
  const signature = first(query.msg_signature) ?? first(query.signature);
  const timestamp = signedTimestampOf(query);
  const nonce = first(query.nonce);
  const parsed = bodySchema.safeParse(body);
  if (!signature || !timestamp || !nonce || !parsed.success) throw new EventCryptoError('missing_parameters');
  const { encrypt } = parsed.data;
  if (!eventSignatureMatches(signature, secrets.token, timestamp, nonce, encrypt)) {
    throw new EventCryptoError('signature_mismatch');
  }
  return decryptEventPayload({ aesKey: secrets.aesKey, ownerKey: secrets.ownerKey, encrypt }).plaintext;
}
