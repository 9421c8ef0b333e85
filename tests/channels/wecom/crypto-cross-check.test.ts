import { randomBytes, randomInt } from 'node:crypto';
import * as oracle from '@wecom/crypto';
import { expect, test } from 'vitest';
import { decryptCallback } from '../../../src/channels/wecom/open-callback.js';
import { encryptCallback } from '../../../src/channels/wecom/encrypt.js';
import { msgSignature as computeSignature } from '../../../src/channels/shared/msg-crypt.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PIECES = ['a', 'Z', '7', ' ', '\n', '<', '&', ']]>', '你', '好', '客户', '跟进', '😀', '🧧', '👨‍👩‍👧', 'é', '\u0000', '𠮷'];

const randomString = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A message of roughly `targetBytes` UTF-8 bytes, mixing ASCII, Chinese and emoji. */
function randomMessage(targetBytes: number): string {
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const p = PIECES[randomInt(PIECES.length)]!;
    const b = Buffer.byteLength(p);
    if (bytes + b > targetBytes) {
      parts.push('x'.repeat(targetBytes - bytes));
      break;
    }
    parts.push(p);
    bytes += b;
  }
  return parts.join('');
}

function sizeFor(i: number): number {
  if (i === 0) return 0;
  if (i === 1) return 64 * 1024;
  if (i < 40) return i; // every small size near the block boundaries
  // Log-uniform up to 64 KiB so both tiny and large payloads are well represented.
  return Math.min(64 * 1024, Math.floor(Math.exp(Math.random() * Math.log(64 * 1024))));
}

test('1,000+ random round trips agree with @wecom/crypto in both directions', () => {
  const N = 1200;
  let bytesTotal = 0;
  let maxBytes = 0;
  let nonAscii = 0;
  for (let i = 0; i < N; i++) {
    const key = randomString(ALNUM, 43);
    const id = i % 10 === 0 ? '' : `ww${randomBytes(8).toString('hex')}`;
    const message = randomMessage(sizeFor(i));
    const mBytes = Buffer.byteLength(message);
    bytesTotal += mBytes;
    maxBytes = Math.max(maxBytes, mBytes);
    if (/[^\x00-\x7f]/.test(message)) nonAscii++;

    // ours → theirs
    const ours = encryptCallback(key, message, id);
    const theirsRead = oracle.decrypt(key, ours);
    expect(theirsRead.message).toBe(message);
    expect(theirsRead.id).toBe(id);

    // theirs → ours
    const random = randomBytes(16);
    const theirs = oracle.encrypt(key, message, id, random);
    const oursRead = decryptCallback(key, theirs, id);
    expect(oursRead.message).toBe(message);
    expect(oursRead.random.equals(random)).toBe(true);
    // Deterministic with the same random: byte-identical ciphertext.
    expect(encryptCallback(key, message, id, random)).toBe(theirs);

    const token = randomString(ALNUM, randomInt(1, 33));
    const ts = String(1_700_000_000 + randomInt(1_000_000));
    const nonce = String(randomInt(1, 2 ** 31));
    expect(computeSignature(token, ts, nonce, ours)).toBe(oracle.getSignature(token, ts, nonce, ours));
  }
  expect(maxBytes).toBe(64 * 1024);
  expect(nonAscii).toBeGreaterThan(N / 2);
  expect(bytesTotal).toBeGreaterThan(0);
});
