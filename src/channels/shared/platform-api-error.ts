import { CrmError, type CrmErrorKind } from '../../errors.js';
import type { Platform } from '../../messaging/platform.js';

/**
 * Every failure of a platform API call. `code` is the platform's own code (or the HTTP status),
 * never a secret; `retryable` tells the outbox whether trying again later can help, and
 * `retryAfterMs` when the platform said when.
 */
export class PlatformApiError extends CrmError {
  constructor(
    platform: Platform,
    kind: CrmErrorKind,
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(kind, message, { platform, code });
  }
}
