import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * msg_signature = sha1 over the four strings sorted in byte order and joined without separator.
 * Byte order (not JS's UTF-16 order) is what Tencent's libraries use; both agree for ASCII.
 */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const parts = [token, timestamp, nonce, encrypt].map((s) => Buffer.from(s, 'utf8'));
  parts.sort(Buffer.compare);
  return createHash('sha1').update(Buffer.concat(parts)).digest('hex');
}

const SHA1_HEX = /^[0-9a-fA-F]{40}$/;

/** Constant-time check of a received msg_signature. */
export function isSignatureValid(
  signature: string,
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): boolean {
  if (!SHA1_HEX.test(signature)) return false;
  const expected = Buffer.from(computeSignature(token, timestamp, nonce, encrypt), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
