import type { CrmErrorKind } from '../../errors.js';
import { PlatformApiError } from '../shared/platform-api-error.js';

/**
 * Every failure of a Feishu Open API call. `code` is Feishu's `code` (or the HTTP status), never a
 * secret; `retryable` tells the outbox whether trying again later can help.
 */
export class FeishuApiError extends PlatformApiError {
  override name = 'FeishuApiError';
  constructor(kind: CrmErrorKind, message: string, code: string, retryable: boolean, retryAfterMs?: number) {
    super('feishu', kind, message, code, retryable, retryAfterMs);
  }
}

/** App credentials or permissions are wrong: an admin must fix the app. */
export class FeishuConfigError extends FeishuApiError {
  override name = 'FeishuConfigError';
  constructor(code: string, what: string) {
    super('forbidden', `Feishu refused the app configuration (${what}, code ${code})`, code, false);
  }
}

/** Feishu throttled us (HTTP 429 / code 99991400); try again after `retryAfterMs`. */
export class FeishuRateLimited extends FeishuApiError {
  override name = 'FeishuRateLimited';
  constructor(code: string, retryAfterMs: number) {
    super('unavailable', `Feishu rate limit reached (code ${code}); retry in ${Math.ceil(retryAfterMs / 1000)} s`, code, true, retryAfterMs);
  }
}

/** Feishu busy or unreachable. */
export class FeishuUnavailable extends FeishuApiError {
  override name = 'FeishuUnavailable';
  constructor(code: string) {
    super('unavailable', `Feishu is temporarily unavailable (code ${code})`, code, true);
  }
}

/** Feishu rejected this request (bad parameter, unknown receiver, message withdrawn…). */
export class FeishuRequestRejected extends FeishuApiError {
  override name = 'FeishuRequestRejected';
  constructor(code: string, msg: string) {
    super('invalid', `Feishu rejected the request (code ${code}: ${msg.slice(0, 200)})`, code, false);
  }
}
