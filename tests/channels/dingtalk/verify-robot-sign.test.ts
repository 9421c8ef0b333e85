import { describe, expect, test } from 'vitest';
import {
  computeRobotSign,
  RobotSignatureError,
  ROBOT_SIGN_WINDOW_MS,
  verifyRobotSign,
} from '../../../src/channels/dingtalk/verify-robot-sign.js';
import { dingtalkVectors } from '../../support/vectors/dingtalk-vectors.js';

const [header, webhook] = dingtalkVectors.robotSign;

function reasonOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RobotSignatureError);
    expect((error as Error).message).toBe('robot callback signature verification failed');
    return (error as RobotSignatureError).reason;
  }
  return undefined;
}

describe('robot header sign', () => {
  test('matches the computed vector from the receive-message doc inputs', () => {
    expect(computeRobotSign(header.timestamp, header.appSecret)).toBe(header.expectedSign);
  });

  test('same scheme as the custom-robot webhook sign (vector, before URL encoding)', () => {
    const sign = computeRobotSign(webhook.timestamp, webhook.secret);
    expect(sign).toBe(webhook.expectedSign);
    expect(encodeURIComponent(sign)).toBe(webhook.expectedSignUrlEncoded);
  });

  test('accepts the vector at its own time and up to one hour either side', () => {
    const ts = Number(header.timestamp);
    for (const nowMs of [ts, ts + ROBOT_SIGN_WINDOW_MS, ts - ROBOT_SIGN_WINDOW_MS]) {
      expect(() =>
        verifyRobotSign({ timestamp: header.timestamp, sign: header.expectedSign, appSecret: header.appSecret, nowMs }),
      ).not.toThrow();
    }
  });

  test('rejects a stale or future timestamp (> 1 h)', () => {
    const ts = Number(header.timestamp);
    const base = { timestamp: header.timestamp, sign: header.expectedSign, appSecret: header.appSecret };
    expect(reasonOf(() => verifyRobotSign({ ...base, nowMs: ts + ROBOT_SIGN_WINDOW_MS + 1 }))).toBe('stale_timestamp');
    expect(reasonOf(() => verifyRobotSign({ ...base, nowMs: ts - ROBOT_SIGN_WINDOW_MS - 1 }))).toBe('stale_timestamp');
  });

  test('rejects forged signs, another secret, a shifted timestamp and missing headers', () => {
    const nowMs = Number(header.timestamp);
    const ok = { timestamp: header.timestamp, sign: header.expectedSign, appSecret: header.appSecret, nowMs };
    const flipped = `${header.expectedSign[0] === 'A' ? 'B' : 'A'}${header.expectedSign.slice(1)}`;
    expect(reasonOf(() => verifyRobotSign({ ...ok, sign: flipped }))).toBe('bad_sign');
    expect(reasonOf(() => verifyRobotSign({ ...ok, sign: header.expectedSign.slice(0, -1) }))).toBe('bad_sign');
    expect(reasonOf(() => verifyRobotSign({ ...ok, sign: `${header.expectedSign}A` }))).toBe('bad_sign');
    expect(reasonOf(() => verifyRobotSign({ ...ok, sign: encodeURIComponent(header.expectedSign) }))).toBe('bad_sign');
    expect(reasonOf(() => verifyRobotSign({ ...ok, appSecret: 'another secret' }))).toBe('bad_sign');
    expect(reasonOf(() => verifyRobotSign({ ...ok, timestamp: String(nowMs + 1) }))).toBe('bad_sign');
    expect(reasonOf(() => verifyRobotSign({ ...ok, sign: undefined }))).toBe('missing_headers');
    expect(reasonOf(() => verifyRobotSign({ ...ok, timestamp: '' }))).toBe('missing_headers');
    expect(reasonOf(() => verifyRobotSign({ ...ok, timestamp: '1577262236757.0' }))).toBe('bad_timestamp');
    expect(reasonOf(() => verifyRobotSign({ ...ok, timestamp: '-1577262236757' }))).toBe('bad_timestamp');
  });
});
