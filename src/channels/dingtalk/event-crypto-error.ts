/**
 * Why an event-subscription callback could not be opened. The codes follow DingTalk's
 * DingCallbackCrypto (900001–900010) so logs can be matched to its docs; the message
 * is the same for every cause so the HTTP answer leaks nothing.
 */
export type EventCryptoReason =
  | 'aes_key_illegal' // 900004
  | 'signature_mismatch' // 900005
  | 'missing_parameters'
  | 'ciphertext_illegal' // 900007 (decrypt error)
  | 'padding_illegal' // 900007
  | 'length_illegal' // 900008
  | 'owner_key_mismatch' // 900010
  | 'plaintext_illegal'; // 900001

export class EventCryptoError extends Error {
  override name = 'EventCryptoError';
  constructor(readonly reason: EventCryptoReason) {
    super('event callback could not be verified');
  }
}
