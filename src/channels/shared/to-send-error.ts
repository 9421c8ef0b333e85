import { InvalidInput } from '../../errors.js';
import { PermanentSendError, RetryLaterError } from '../../queue/outbox/send-errors.js';
import { PlatformApiError } from './platform-api-error.js';

/**
 * A platform API failure in the outbox's vocabulary: throttled → retry after the platform's delay;
 * not retryable (configuration, rejected request) or invalid → give up; anything else → the
 * ordinary backoff.
 */
export function toSendError(error: unknown): unknown {
  if (error instanceof PlatformApiError && error.retryAfterMs !== undefined) {
    return new RetryLaterError(error.message, { retryAfterMs: error.retryAfterMs, cause: error });
  }
  if ((error instanceof PlatformApiError && !error.retryable) || error instanceof InvalidInput) {
    return new PermanentSendError(error.message, { cause: error });
  }
  return error;
}
