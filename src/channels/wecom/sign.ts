import { msgSignature, msgSignatureMatches } from '../shared/msg-crypt.js';

/** msg_signature: hex SHA-1 over the four strings sorted in byte order (shared/msg-crypt.ts). */
export const computeSignature = msgSignature;

/** Constant-time check of a received msg_signature (hex, either case). */
export const isSignatureValid = msgSignatureMatches;
