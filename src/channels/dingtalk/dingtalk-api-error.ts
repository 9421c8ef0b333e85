import type { CrmErrorKind } from '../../errors.js';
import { PlatformApiError } from '../shared/platform-api-error.js';

/**
 * Every failure of a DingTalk API call. `retryable` tells the outbox whether trying again later can
 * help; `code` is DingTalk's errcode (oapi) or error code string (v1.0), never a secret.
 */
export class DingTalkApiError extends PlatformApiError {
  override name = 'DingTalkApiError';
  constructor(kind: CrmErrorKind, message: string, code: string, retryable: boolean, retryAfterMs?: number) {
    super('dingtalk', kind, message, code, retryable, retryAfterMs);
  }
}

/** Credentials, IP allow-list or permissions are wrong: an admin must fix the app; retrying cannot help. */
export class DingTalkConfigError extends DingTalkApiError {
  override name = 'DingTalkConfigError';
  constructor(code: string, what: string) {
    super('forbidden', `DingTalk refused the app configuration (${what}, code ${code})`, code, false);
  }
}

/** DingTalk throttled us; try again after `retryAfterMs`. */
export class DingTalkRateLimited extends DingTalkApiError {
  override name = 'DingTalkRateLimited';
  constructor(code: string, retryAfterMs: number) {
    super('unavailable', `DingTalk rate limit reached (code ${code}); retry in ${Math.ceil(retryAfterMs / 1000)} s`, code, true, retryAfterMs);
  }
}

/** DingTalk busy, timed out or unreachable after our own retries. */
export class DingTalkUnavailable extends DingTalkApiError {
  override name = 'DingTalkUnavailable';
  constructor(code: string) {
    super('unavailable', `DingTalk is temporarily unavailable (code ${code})`, code, true);
  }
}

/** DingTalk rejected this particular request (bad parameter, unknown user…). */
export class DingTalkRequestRejected extends DingTalkApiError {
  override name = 'DingTalkRequestRejected';
  constructor(code: string, errmsg: string) {
    super('invalid', `DingTalk rejected the request (code ${code}: ${errmsg.slice(0, 200)})`, code, false);
  }
}

/** A robot's sessionWebhook is past its expiry or was refused; reply through the OpenAPI instead. */
export class SessionWebhookUnusable extends DingTalkApiError {
  override name = 'SessionWebhookUnusable';
  constructor(code: string) {
    super('invalid', `DingTalk sessionWebhook can no longer be used (code ${code})`, code, false);
  }
}
