import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../../secrets/constant-time-equal.js';
import { isTimestampFresh } from '../shared/is-timestamp-fresh.js';
import { FeishuCallbackError } from './feishu-callback-error.js';

/** `hex(SHA256(timestamp ‖ nonce ‖ encryptKey ‖ rawBody))` — plain SHA-256, not HMAC, over the exact bytes received. */
export function computeFeishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer | string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey, 'utf8').update(rawBody).digest('hex');
}

export interface FeishuSignatureInput {
  timestamp?: string | undefined;
  nonce?: string | undefined;
  signature?: string | undefined;
  rawBody: Buffer;
  encryptKey: string;
  /** Feishu publishes no window; ours is CALLBACK_MAX_SKEW_SECONDS (seconds-resolution header). */
  maxSkewSeconds: number;
  nowMs: number;
}

/** Pure check of `X-Lark-Request-Timestamp` / `-Nonce` / `X-Lark-Signature`; throws {@link FeishuCallbackError}. */
export function verifyFeishuSignature(input: FeishuSignatureInput): void {
  const { timestamp, nonce, signature } = input;
  if (!timestamp || !nonce || !signature) throw new FeishuCallbackError('missing_headers');
  if (!isTimestampFresh(timestamp, { unit: 'seconds', maxSkewSeconds: input.maxSkewSeconds, nowMs: input.nowMs })) {
    throw new FeishuCallbackError('stale_timestamp');
  }
  const expected = computeFeishuSignature(timestamp, nonce, input.encryptKey, input.rawBody);
  if (!constantTimeEqual(signature.toLowerCase(), expected)) throw new FeishuCallbackError('bad_signature');
}
