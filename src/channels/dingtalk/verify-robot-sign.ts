import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../secrets/constant-time-equal.js';

/** DingTalk rejects robot callbacks older or newer than one hour; so do we. */
export const ROBOT_SIGN_WINDOW_MS = 60 * 60 * 1000;

/**
 * Thrown when a robot callback's `timestamp`/`sign` headers do not verify.
 * The message is deliberately the same for every cause so a caller learns nothing;
 * `reason` is for our logs only.
 */
export class RobotSignatureError extends Error {
  override name = 'RobotSignatureError';
  constructor(readonly reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_sign' | 'reused_sign') {
    super('robot callback signature verification failed');
  }
}

/** `Base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret))` — the value DingTalk sends in `sign`. */
export function computeRobotSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`, 'utf8').digest('base64');
}

export interface VerifyRobotSignInput {
  timestamp: string | undefined;
  sign: string | undefined;
  appSecret: string;
  nowMs?: number;
}

/** Pure check of a robot callback's headers; throws {@link RobotSignatureError}, returns nothing. */
export function verifyRobotSign({ timestamp, sign, appSecret, nowMs = Date.now() }: VerifyRobotSignInput): void {
  if (!timestamp || !sign) throw new RobotSignatureError('missing_headers');
  if (!/^\d{1,16}$/.test(timestamp)) throw new RobotSignatureError('bad_timestamp');
  if (Math.abs(nowMs - Number(timestamp)) > ROBOT_SIGN_WINDOW_MS) throw new RobotSignatureError('stale_timestamp');
  if (!constantTimeEqual(sign, computeRobotSign(timestamp, appSecret))) throw new RobotSignatureError('bad_sign');
}
