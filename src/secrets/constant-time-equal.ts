import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two strings (compared as UTF-8) or byte buffers. timingSafeEqual
 * needs equal lengths; on a length mismatch `expected` is compared with itself so the time
 * spent does not depend on where the inputs differ.
 */
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = typeof given === 'string' ? Buffer.from(given, 'utf8') : given;
  const b = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected;
  const sameLength = a.length === b.length;
  const equal = timingSafeEqual(sameLength ? a : b, b);
  return sameLength && equal;
}
