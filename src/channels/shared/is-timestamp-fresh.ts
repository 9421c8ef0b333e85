export interface FreshnessOptions {
  /** WeCom signs seconds since the epoch; DingTalk's event push signs milliseconds. */
  unit: 'seconds' | 'milliseconds';
  /** How far the signed time may be from ours, either way. */
  maxSkewSeconds: number;
  nowMs: number;
}

/**
 * Whether a signed callback timestamp is a plain decimal within ±maxSkewSeconds of now.
 * Why: a signature proves who sent a message, not when; without a window, one captured
 * callback could be replayed years later (identical replays are deduped, but a deduplication
 * record does not live forever). Anything that is not 1–16 digits (0 and negative values,
 * "abc", exponent forms) is not fresh.
 */
export function isTimestampFresh(raw: string, { unit, maxSkewSeconds, nowMs }: FreshnessOptions): boolean {
  if (!/^\d{1,16}$/.test(raw)) return false;
  const signedMs = unit === 'seconds' ? Number(raw) * 1000 : Number(raw);
  return Math.abs(nowMs - signedMs) <= maxSkewSeconds * 1000;
}
