/**
 * Thrown by a sender when sending can never succeed as is (unknown recipient, channel not
 * configured, message rejected as invalid): the message goes straight to `dead`.
 */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Thrown by a sender when the platform asks us to slow down (rate limit, busy): the message is
 * retried after `retryAfterMs` (or the normal backoff when absent). It counts as an attempt.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
}
