export interface BackoffOptions {
  /** Delay before the second attempt; each further attempt doubles it. */
  baseMs: number;
  /** Ceiling for a single delay. */
  maxMs: number;
}

/** 5 s, 10 s, 20 s … capped at 15 min: eight attempts span about ten minutes before an item is dead. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 15 * 60_000 };

/**
 * Exponential backoff with "equal jitter": the delay after the n-th failed attempt lies in
 * [d/2, d] with d = min(maxMs, baseMs·2^(n-1)), so instances that failed together spread out
 * instead of hammering a recovering dependency in lock-step, yet never retry sooner than d/2.
 */
export function retryDelayMs(failedAttempts: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
