import { msgSignature, msgSignatureMatches } from '../shared/msg-crypt.js';

/** `hex(SHA1(concat(sort([token, timestamp, nonce, encrypt]))))`, the event-callback signature. */
export const computeEventSignature = msgSignature;

/** Constant-time comparison of a received signature (case-insensitive hex) with the expected one. */
export const eventSignatureMatches = msgSignatureMatches;
