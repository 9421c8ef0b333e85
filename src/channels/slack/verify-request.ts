import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../secrets/constant-time-equal.js';
import { isTimestampFresh } from '../shared/is-timestamp-fresh.js';

/** Slack: refuse requests whose timestamp is more than five minutes from ours (replay). */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

/**
 * Thrown when a Slack request's signature does not verify. Same message for every cause;
 * `reason` is for our logs only.
 */
export class SlackSignatureError extends Error {
  override name = 'SlackSignatureError';
  constructor(readonly reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature') {
    super('Slack request verification failed');
  }
}

/** `v0=` ‖ hex(HMAC-SHA256(signingSecret, "v0:" ‖ timestamp ‖ ":" ‖ rawBody)). */
export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`, 'utf8').update(rawBody).digest('hex')}`;
}

export interface SlackRequestInput {
  signingSecret: string;
  timestamp?: string | undefined;
  signature?: string | undefined;
  /** The exact bytes received (never the re-encoded form). */
  rawBody: Buffer;
  nowMs: number;
}

/** Pure check of `X-Slack-Request-Timestamp` / `X-Slack-Signature` (Bolt's verify-request); throws {@link SlackSignatureError}. */
export function verifySlackRequest({ signingSecret, timestamp, signature, rawBody, nowMs }: SlackRequestInput): void {
  if (!timestamp || !signature) throw new SlackSignatureError('missing_headers');
  if (!isTimestampFresh(timestamp, { unit: 'seconds', maxSkewSeconds: SLACK_SIGNATURE_WINDOW_SECONDS, nowMs })) {
    throw new SlackSignatureError('stale_timestamp');
  }
  if (!constantTimeEqual(signature, computeSlackSignature(signingSecret, timestamp, rawBody))) throw new SlackSignatureError('bad_signature');
}
