import type { Middleware } from 'koa';
import type { Config } from '../config.js';
import type { AppState } from './app-context.js';
import { TooManyRequests } from './http-errors.js';

export interface TokenBucketOptions {
  /** Sustained requests per minute per key. */
  perMinute: number;
  /** Requests a key may send at once before the sustained rate applies. */
  burst: number;
  /** Most keys tracked; beyond it, buckets that have refilled are forgotten. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * A token bucket per key, in memory. Why not a package: none is installed here, and this is
 * twenty lines with an injectable clock. Per instance by design — callbacks are cheap to refuse,
 * so an attacker spread over N instances gets N times the budget, which is still bounded.
 */
export function createTokenBucket(options: TokenBucketOptions): { take(key: string): number } {
  const { perMinute, burst, maxKeys = 10_000, now = Date.now } = options;
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function sweep(t: number): void {
    for (const [key, b] of buckets) if (b.tokens + (t - b.at) * refillPerMs >= burst) buckets.delete(key);
    // Still full of busy keys: forget the oldest rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }

  return {
    /** 0 when a request may pass (and consumes a token), else seconds until one is available. */
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) sweep(t);
        b = { tokens: burst, at: t };
        buckets.set(key, b);
      }
      b.tokens = Math.min(burst, b.tokens + (t - b.at) * refillPerMs);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / refillPerMs / 1000));
    },
  };
}

/**
 * Rate limit per source IP for the unauthenticated callback routes (a 429 with Retry-After).
 * buildService makes one per service instance (deps.callbackRateLimit), shared by every callback
 * route: a source's budget is for all platforms together. Limits: CALLBACK_RATE_LIMIT_PER_MINUTE / _BURST.
 */
export function createCallbackRateLimit(config: Pick<Config, 'CALLBACK_RATE_LIMIT_PER_MINUTE' | 'CALLBACK_RATE_LIMIT_BURST'>): Middleware<AppState> {
  const bucket = createTokenBucket({ perMinute: config.CALLBACK_RATE_LIMIT_PER_MINUTE, burst: config.CALLBACK_RATE_LIMIT_BURST });
  const middleware: Middleware<AppState> = async (ctx, next) => {
    const retryAfter = bucket.take(ctx.ip);
    if (retryAfter > 0) {
      ctx.state.log.warn({ ip: ctx.ip }, 'callback rate limit exceeded');
      throw new TooManyRequests(retryAfter);
    }
    await next();
  };
  return middleware;
}
