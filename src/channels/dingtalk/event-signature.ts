import { createHash, timingSafeEqual } from 'node:crypto';

/** `hex(SHA1(concat(sort([token, timestamp, nonce, encrypt]))))`, the event-callback signature. */
export function computeEventSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** Constant-time comparison of a received signature (case-insensitive hex) with the expected one. */
export function eventSignatureMatches(
  given: string,
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): boolean {
  const expected = Buffer.from(computeEventSignature(token, timestamp, nonce, encrypt), 'utf8');
  const received = Buffer.from(given.toLowerCase(), 'utf8');
  const sameLength = received.length === expected.length;
  const equal = timingSafeEqual(sameLength ? received : expected, expected);
  return sameLength && equal;
}
