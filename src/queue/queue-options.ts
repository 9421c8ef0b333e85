import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './retry-backoff.js';

/** How a queue (inbox or outbox) claims, retries and gives up. Every field has a default. */
export interface QueueOptions {
  /** Clock for due times and locks (tests move it instead of waiting). Default: wall clock. */
  now?: () => Date;
  /** How long a claim holds an item; renewed while the work runs. A dead process frees it after this. Default 60 s. */
  lockMs?: number;
  /** Attempts before an item is dead (a crash mid-work counts as an attempt). Default 8. */
  maxAttempts?: number;
  /** Delay between attempts. Default 5 s doubling up to 15 min, with jitter. */
  backoff?: Partial<BackoffOptions>;
  /** A handler/sender still running after this is counted as failed. Default 120 s. */
  timeoutMs?: number;
  /** Names this process in `lockedBy`. Default host:pid. */
  workerId?: string;
  logger?: Logger;
}

export interface ResolvedQueueOptions {
  now: () => Date;
  lockMs: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  timeoutMs: number;
  workerId: string;
  logger: Logger;
}

/** `fallbackLogger`: the queue's own (the service's logger) when the call names none. */
export function resolveQueueOptions(options: QueueOptions, fallbackLogger: Logger): ResolvedQueueOptions {
  const resolved: ResolvedQueueOptions = {
    now: options.now ?? (() => new Date()),
    lockMs: options.lockMs ?? 60_000,
    maxAttempts: options.maxAttempts ?? 8,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    timeoutMs: options.timeoutMs ?? 120_000,
    workerId: options.workerId ?? `${hostname()}:${process.pid}`,
    logger: options.logger ?? fallbackLogger,
  };
  if (!Number.isFinite(resolved.lockMs) || resolved.lockMs < 50) throw new RangeError('lockMs must be at least 50');
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  if (resolved.backoff.baseMs < 0 || resolved.backoff.maxMs < resolved.backoff.baseMs) {
    throw new RangeError('backoff needs 0 <= baseMs <= maxMs');
  }
  if (!Number.isFinite(resolved.timeoutMs) || resolved.timeoutMs < 1) throw new RangeError('timeoutMs must be positive');
  return resolved;
}

/** A token unique to one claim, so only the claimant's follow-up writes land. */
export function newClaimToken(workerId: string): string {
  return `${workerId}#${randomBytes(4).toString('hex')}`;
}
